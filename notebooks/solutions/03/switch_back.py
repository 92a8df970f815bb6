guess = False
