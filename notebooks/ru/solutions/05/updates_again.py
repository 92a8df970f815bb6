guess = 1
