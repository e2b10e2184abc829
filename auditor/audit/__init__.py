"""The audit stage, pure: what the crawl observed (model, graph, artifacts), the refund vocabulary
(lexicon), what a state is (detect), the metrics (analysis) and the checks. Nothing here imports
Playwright, so a saved ``artifacts.json`` is re-audited without a browser (tests/unit/test_pure_side.py)."""
