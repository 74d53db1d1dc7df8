"""The anywidget classes: Python owns their state, js/src/ renders them."""
