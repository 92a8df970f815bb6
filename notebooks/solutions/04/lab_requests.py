guess = 3
