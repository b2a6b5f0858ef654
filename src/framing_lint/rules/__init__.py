"""Rule model, YAML loading and validation, and the pattern language."""
