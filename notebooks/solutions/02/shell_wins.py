guess = "shell"
