"""Trained models: the fast linear model, its features, decoding and manifest."""
