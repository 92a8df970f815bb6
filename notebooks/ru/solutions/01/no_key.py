guess = 401
