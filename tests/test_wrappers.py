"""reviewapp.wrappers.CleanRequest: NUL characters never get past the request (PostgreSQL text cannot hold them)."""
import io


def test_form_query_and_upload_names_lose_their_nul_characters(app):
    data = {"name": "王\x00五", "tags": ["a\x00", "b"], "file": (io.BytesIO(b"%PDF-1.4"), "材料\x00.pdf")}
    with app.test_request_context("/?q=%00x&k%00=v", method="POST", data=data,
                                  content_type="multipart/form-data"):
        from flask import request

        assert request.args.to_dict() == {"q": "x", "k": "v"}
        assert request.form["name"] == "王五" and request.form.getlist("tags") == ["a", "b"]
        assert request.files["file"].filename == "材料.pdf"


def test_input_without_nul_is_left_as_it_came(app):
    with app.test_request_context("/?q=x", method="POST", data={"name": "王五"}):
        from flask import request

        assert request.form["name"] == "王五" and request.args["q"] == "x"


def test_a_multipart_part_whose_name_breaks_its_header_is_no_server_error(app, client):
    """Found by the thorough fuzzing: a field name with a line break leaves werkzeug a part named None, and the
    first version of CleanRequest looked for NUL in it (TypeError, a 500 on every form)."""
    from tests.fuzz.harness import multipart

    body = multipart({"note-\r\n": "x\x00", "username": "li\x00zj"})
    with app.test_request_context("/", method="POST", data=body["data"], content_type=body["content_type"]):
        from flask import request

        assert request.form["username"] == "lizj" and None in request.form
    assert client.post("/auth/login", **body).status_code < 500
