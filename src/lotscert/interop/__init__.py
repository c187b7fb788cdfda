"""Exchange with other tools: OSCAL 1.2 (NIST) and CISO Assistant.

Each format has its own package (``oscal/``, ``ciso/``); what they share — stable UUIDs and
slugs, a catalogue written back as YAML, located problems — lives beside this file. Nothing
here is imported at start-up.
"""
