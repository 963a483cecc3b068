"""The public pages behind a signed link (the offer link, bot/console/offer_answer.py; the
survey link, bot/console/survey_answer.py): each page's dependency checks the link before
its routes run, and a link that cannot be used is answered with the page that says why
(`PageInstead`), never by the route."""

from fastapi import Request
from fastapi.responses import Response


class Refused(Exception):
    """The link cannot be used; `page` names the texts that say why."""

    def __init__(self, page: str, status: int) -> None:
        super().__init__(page)
        self.page, self.status = page, status


class PageInstead(Exception):
    """The page a dependency answers with in place of the route's (the app's handler,
    `answer_instead`, sends it)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def answer_instead(_request: Request, error: Exception) -> Response:
    assert isinstance(error, PageInstead)
    return error.response
