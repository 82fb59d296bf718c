"""Language-model classifiers behind the domain's `WinClassifier` protocol (HTTP lives here)."""
