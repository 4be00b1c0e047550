"""Trained models: training and evaluation with scikit-learn (scoring itself lives in the core)."""
