"""Pure metrics over a crawled graph: the entry and its routes, naming ambiguity, hiding, continuous
availability, purchase vs refund effort, rules disclosure. No browser here."""
