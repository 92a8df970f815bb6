guess = 0
