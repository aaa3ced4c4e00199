"""Partner Center: the Exponential Partner Program of 7x, as a product."""
