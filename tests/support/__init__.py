"""What the tests share: the project harness, the worlds they score, the servers they start."""
