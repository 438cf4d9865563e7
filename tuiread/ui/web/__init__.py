"""The app's web features: adding pages from URLs and feeds, and syndicated copies."""
