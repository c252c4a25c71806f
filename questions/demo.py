"""Demo questions and answers (`demo/questions.yaml`), seeded by `manage.py seed_demo`
through the SEED_DEMO hook; idempotent: a question is found again by its title."""

import datetime

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.models import Territory, Theme
from questions.models import Answer, Follow, Question, Vote
from questions.search_source import reindex

DEMO_FILE = settings.BASE_DIR / "demo" / "questions.yaml"


def seed_questions(command, path=DEMO_FILE, now=None):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    now = now or timezone.now()
    users = {user.username: user for user in get_user_model().objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    territories = {territory.slug: territory for territory in Territory.objects.all()}
    existing = set(Question.objects.values_list("title", flat=True))
    for values in data["questions"]:
        created = values["title"] not in existing and values["author"] in users
        command.tally("questions au réseau", created)
        if created:
            with transaction.atomic():
                _create(values, users, themes, territories, now)


def _create(values, users, themes, territories, now):
    asked = now - datetime.timedelta(days=values["days_ago"])
    author = users[values["author"]]
    question = Question.objects.create(
        title=values["title"],
        body=values["body"].strip(),
        author=author,
        territory=territories.get(values.get("territory")),
        is_public=values.get("public", False),
        created_at=asked,
    )
    question.themes.set([themes[slug] for slug in values["themes"] if slug in themes])
    Follow.objects.get_or_create(user=author, question=question)
    answers = []
    for item in values.get("answers") or []:
        if item["author"] not in users:
            continue
        answer = Answer.objects.create(
            question=question,
            author=users[item["author"]],
            body=item["body"].strip(),
            created_at=asked + datetime.timedelta(hours=item["hours_after"]),
        )
        Vote.objects.bulk_create(
            [
                Vote(answer=answer, voter=users[name])
                for name in item.get("votes", [])
                if name in users
            ]
        )
        answers.append(answer)
    if answers:
        question.first_answer_at = min(answer.created_at for answer in answers)
    accepted = values.get("accepted")
    if accepted is not None and accepted < len(answers):
        question.accepted_answer = answers[accepted]
        question.accepted_at = answers[accepted].created_at + datetime.timedelta(hours=12)
    question.save()
    reindex(question)
