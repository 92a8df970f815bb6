guess = "b"
