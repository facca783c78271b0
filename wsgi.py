from reviewapp import create_app

app = create_app()
