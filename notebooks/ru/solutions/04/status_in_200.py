guess = 200
