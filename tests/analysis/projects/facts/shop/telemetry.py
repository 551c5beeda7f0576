def track(event, properties):
    """The product's event-logging function, declared as a sink."""
