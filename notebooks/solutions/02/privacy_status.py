guess = 404
