"""HTTP pages: thin views over `Facilitation`, one blueprint per audience."""
