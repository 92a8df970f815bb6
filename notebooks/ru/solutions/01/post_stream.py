guess = 405
