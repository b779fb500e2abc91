import pytest

from shared.secrets import redact_secrets, redact_url


@pytest.mark.parametrize(
    "url, shown",
    [
        ("amqp://user:secret@rabbit.example:5672//", "amqp://user:***@rabbit.example:5672//"),
        ("amqps://jobmatch:s3cr%2Ft@rabbit//", "amqps://jobmatch:***@rabbit//"),
        ("postgresql+psycopg://app:pa:ss@db/jobmatch", "postgresql+psycopg://app:***@db/jobmatch"),
        ("smtp://u%40x.bd:p%40ss@mail:587?starttls=true", "smtp://u%40x.bd:***@mail:587?starttls=true"),
        ("smtp://user:hunter2@host:notaport", "smtp://user:***@host:notaport"),
        ("amqp://user:pa/ss@host//", "amqp://user:***@host//"),
        ("redis://:secret@host", "redis://:***@host"),
        ("postgresql://postgres@127.0.0.1/jobmatch", "postgresql://postgres@127.0.0.1/jobmatch"),
        ("filesystem://", "filesystem://"),
        ("not a url", "not a url"),
    ],
)
def test_redact_url_masks_only_the_password(url, shown):
    assert redact_url(url) == shown


def test_redact_secrets_masks_the_url_and_its_password_in_any_spelling():
    url = "amqp://jobmatch:s3cr%2Ft@rabbit//"
    text = f"cannot reach {url}: login s3cr/t refused (s3cr%2Ft)"
    assert redact_secrets(text, None, url) == "cannot reach amqp://jobmatch:***@rabbit//: login *** refused (***)"
