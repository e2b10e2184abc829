"""The gather stage: every module that drives the browser (Playwright) lives here: the browser and the
logged-in session, the crawl (explorer, driver, safety gate), the entry path's evidence and the refund
flow. ``stage.gather()`` runs them and writes ``artifacts.json``; the pure side never imports this package."""
