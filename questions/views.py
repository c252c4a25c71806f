"""/questions/: the list, asking (with similar questions and pages as one types), a
question with its answers, votes, acceptance, follows, reports, moderation and
capitalisation; one-click unsubscription."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.members.access import members_only
from portal.pagination import request_page_links
from portal.ratelimit import request_over_limit
from portal.roles import is_network_member
from questions import actions, notifications
from questions.access import (
    can_accept,
    can_moderate,
    display_name,
    readable_question,
    visible_answers,
)
from questions.capitalise import NoKnowledgeSection, NotCapitalisable, capitalise
from questions.forms import (
    AnswerForm,
    CapitaliseForm,
    FollowForm,
    ModerationForm,
    QuestionFilterForm,
    QuestionForm,
    ReportForm,
    ThemeFollowForm,
)
from questions.models import Follow, Question, Report, Vote
from questions.similar import similar_content

PAGE_SIZE = 20
# Per member, wherever they post from: a workshop of 20 members on one address is 20
# separate counters, while one account cannot flood the network.
LIMITS = {
    "ask": (5, 3600),
    "answer": (20, 3600),
    "vote": (120, 3600),
    "report": (10, 3600),
    "similar": (120, 60),
}


def over_limit(request, scope) -> bool:
    limit, seconds = LIMITS[scope]
    return request_over_limit(request, f"questions-{scope}", limit, seconds)


def too_many(request, message="Trop d'envois en peu de temps : réessayez dans un moment."):
    return render(request, "questions/too_many.html", {"message": message}, status=429)


def index(request):
    form = QuestionFilterForm(request.GET or None)
    questions = (
        form.filter(Question.objects.visible_to(request.user))
        .with_counts()
        .select_related("territory", "author", "author__territory")
        .prefetch_related("themes")
        .distinct()
        .order_by("-created_at", "-pk")
    )
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    member = is_network_member(request.user)
    return render(
        request,
        "questions/index.html",
        {
            "form": form,
            "page_obj": page,
            "pagination": request_page_links(request, page),
            "member": member,
            "moderator": can_moderate(request.user),
            "theme_follow_form": ThemeFollowForm() if member else None,
        },
    )


@members_only
def ask(request):
    similar = None
    if request.method == "POST":
        form = QuestionForm(request.POST, user=request.user)
        if form.is_valid():
            if not form.cleaned_data["confirmed"]:
                # Without JavaScript, the similar questions and pages show on the first
                # submit; the member then publishes anyway or follows one of them.
                similar = similar_content(form.cleaned_data["title"], request.user)
            if not (similar and (similar["questions"] or similar["pages"])):
                if over_limit(request, "ask"):
                    return too_many(request)
                question = actions.ask(form, request.user)
                messages.success(request, "Votre question est publiée pour les membres du réseau.")
                return redirect(question)
            form.data = form.data.copy()
            form.data["confirmed"] = "True"
    else:
        form = QuestionForm(user=request.user)
    return render(request, "questions/ask.html", {"form": form, "similar": similar})


def similar(request):
    """JSON: questions and pages like the title being typed (members only)."""
    if not is_network_member(request.user):
        return JsonResponse({"error": "Réservé aux membres du réseau."}, status=403)
    if over_limit(request, "similar"):
        return JsonResponse({"error": "Trop de requêtes : réessayez dans un moment."}, status=429)
    q = request.GET.get("q", "")
    if len(q) > 200:
        return JsonResponse({"error": "Texte trop long (200 caractères au plus)."}, status=400)
    return JsonResponse(similar_content(q, request.user))


def detail(request, pk):
    question = readable_question(request.user, pk)
    user = request.user
    member = is_network_member(user)
    answer_form = AnswerForm() if member else None
    if request.method == "POST":
        if not member:
            raise Http404
        answer_form = AnswerForm(request.POST)
        if answer_form.is_valid():
            if over_limit(request, "answer"):
                return too_many(request)
            actions.answer(answer_form, question, user)
            messages.success(request, "Votre réponse est publiée.")
            return redirect(question)
    answers = list(
        visible_answers(user, question).annotate(
            vote_count=Count("votes", distinct=True),
            voted=Exists(Vote.objects.filter(answer=OuterRef("pk"), voter_id=user.pk or 0)),
        )
    )
    accepted_id = question.accepted_answer_id
    answers.sort(key=lambda a: (a.pk != accepted_id, -a.vote_count, a.created_at))
    for item in answers:
        item.shown_author = display_name(user, item, question)
    following = Follow.objects.filter(user=user, question=question).first() if member else None
    moderator = can_moderate(user)
    return render(
        request,
        "questions/detail.html",
        {
            "question": question,
            "question_author": display_name(user, question, question),
            "themes": list(question.themes.order_by("name")),
            "answers": answers,
            "answer_form": answer_form,
            "member": member,
            "can_accept": can_accept(user, question),
            "moderator": moderator,
            "following": following,
            "follow_form": FollowForm(
                initial={"frequency": following.frequency} if following else None
            )
            if member
            else None,
            "report_form": ReportForm() if member else None,
            "capitalise_form": CapitaliseForm()
            if moderator and question.accepted_answer_id and not question.capitalised_page_id
            else None,
            "open_reports": question_reports(question) if moderator else [],
        },
    )


def question_reports(question):
    return list(
        Report.objects.filter(Q(question=question) | Q(answer__question=question))
        .filter(handled_at__isnull=True)
        .select_related("reporter", "answer")
    )


def _member_post(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "members:login")
    if not is_network_member(request.user):
        raise Http404
    return None


def vote(request, pk, answer_pk):
    if refused := _member_post(request):
        return refused
    question = readable_question(request.user, pk)
    answer = get_object_or_404(visible_answers(request.user, question), pk=answer_pk)
    if answer.author_id == request.user.pk:
        messages.error(request, "On ne vote pas pour sa propre réponse.")
    elif over_limit(request, "vote"):
        return too_many(request)
    else:
        voted = actions.toggle_vote(answer, request.user)
        messages.success(request, "Merci : réponse jugée utile." if voted else "Vote retiré.")
    return redirect(f"{question.get_absolute_url()}#reponse-{answer.pk}")


def accept(request, pk, answer_pk):
    if refused := _member_post(request):
        return refused
    question = readable_question(request.user, pk)
    if not can_accept(request.user, question):
        messages.error(request, "Seul l'auteur de la question ou l'animation peut accepter.")
        return redirect(question)
    answer = get_object_or_404(question.answers.filter(hidden=False), pk=answer_pk)
    accepted = actions.accept(question, answer, request.user)
    messages.success(request, "Réponse acceptée." if accepted else "Acceptation retirée.")
    return redirect(f"{question.get_absolute_url()}#reponse-{answer.pk}")


def follow(request, pk):
    if refused := _member_post(request):
        return refused
    question = readable_question(request.user, pk)
    if request.POST.get("stop"):
        Follow.objects.filter(user=request.user, question=question).delete()
        messages.success(request, "Vous ne suivez plus cette question.")
        return redirect(question)
    form = FollowForm(request.POST)
    if form.is_valid():
        actions.follow(request.user, question=question, frequency=form.cleaned_data["frequency"])
        messages.success(request, "Vous suivez cette question.")
    else:
        messages.error(request, "Choisissez une fréquence valide.")
    return redirect(question)


@members_only
def follows(request):
    """The member's follows: add a theme, stop one."""
    if request.method == "POST":
        if stop := request.POST.get("stop"):
            Follow.objects.filter(user=request.user, pk=stop if stop.isdigit() else 0).delete()
            messages.success(request, "Suivi arrêté.")
            return redirect("questions:follows")
        form = ThemeFollowForm(request.POST)
        if form.is_valid():
            actions.follow(
                request.user,
                theme=form.cleaned_data["theme"],
                frequency=form.cleaned_data["frequency"],
            )
            messages.success(
                request, f"Vous suivez la thématique « {form.cleaned_data['theme']} »."
            )
            return redirect("questions:follows")
    else:
        form = ThemeFollowForm()
    current = Follow.objects.filter(user=request.user).select_related("theme", "question")
    return render(request, "questions/follows.html", {"form": form, "follows": current})


def report(request, pk):
    if refused := _member_post(request):
        return refused
    question = readable_question(request.user, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif du signalement (500 caractères au plus).")
        return redirect(question)
    if over_limit(request, "report"):
        return too_many(request)
    answer_pk = form.cleaned_data["answer"]
    target = {"question": question}
    if answer_pk:
        target = {"answer": get_object_or_404(question.answers.filter(hidden=False), pk=answer_pk)}
    Report.objects.create(reporter=request.user, reason=form.cleaned_data["reason"], **target)
    messages.success(request, "Merci : l'animation régionale examinera votre signalement.")
    return redirect(question)


def _animation_form(request, pk, form_class):
    """(question, bound form) of an animation-only POST; 404 for anyone else."""
    if not can_moderate(request.user):
        raise Http404
    return readable_question(request.user, pk), form_class(request.POST)


@require_POST
def moderate(request, pk):
    question, form = _animation_form(request, pk, ModerationForm)
    if not form.is_valid():
        messages.error(request, "Action de modération inconnue.")
        return redirect(question)
    answer = None
    if form.cleaned_data["answer"]:
        answer = get_object_or_404(question.answers, pk=form.cleaned_data["answer"])
    messages.success(request, actions.moderate(question, form.cleaned_data["action"], answer))
    return redirect(question)


def reports(request):
    """The animation's moderation queue: open reports, oldest first."""
    if not can_moderate(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "members:login")
        raise Http404
    open_reports = (
        Report.objects.filter(handled_at__isnull=True)
        .select_related("reporter", "question", "answer", "answer__question")
        .order_by("created_at")
    )
    return render(request, "questions/reports.html", {"reports": open_reports})


@require_POST
def capitalise_view(request, pk):
    question, form = _animation_form(request, pk, CapitaliseForm)
    if not form.is_valid():
        messages.error(request, "Choisissez une fiche méthodologique ou un retour d'expérience.")
        return redirect(question)
    try:
        page = capitalise(question, form.cleaned_data["kind"], request.user)
    except (NotCapitalisable, NoKnowledgeSection) as problem:
        messages.error(request, str(problem))
        return redirect(question)
    messages.success(
        request,
        f"Brouillon « {page.title} » créé et soumis à la relecture de l'animation régionale.",
    )
    return redirect(question)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the link is signed
def unsubscribe(request, scope, token):
    try:
        stopped = notifications.follows_of_token(scope, token)
    except notifications.InvalidToken:
        return render(request, "questions/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        stopped.delete()
        return render(request, "questions/unsubscribe.html", {"done": True})
    return render(
        request,
        "questions/unsubscribe.html",
        {"follows": list(stopped.select_related("theme", "question")), "scope": scope},
    )
