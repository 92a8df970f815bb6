guess = True
