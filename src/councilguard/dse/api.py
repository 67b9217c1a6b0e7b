"""Display screen equipment through the API (C23, B 3.1.1): the register of screen users with
their clocks (list) and the eye tests (list, and record one taken). Health data, so the roles
are the pages': the clerk and the data protection lead read the register; a test taken is
recorded by the person whose test it is (as on "My screen work") or by the clerk, who runs the
register, from the optician's note. Every change goes through dse.services."""

from __future__ import annotations

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from councilguard.api.base import CouncilScopedMixin
from councilguard.api.strict import JSONTypesMixin
from councilguard.audit.actors import Actor
from councilguard.core.roles import Action
from councilguard.dse.models import EyeTest, EyeTestReason, EyeTestStatus, ScreenUser
from councilguard.dse.register import Standing, standings
from councilguard.dse.services import DseError, record_test, settings_for
from councilguard.people.access import own_person


class ScreenUserSerializer(serializers.Serializer):
    """A current screen user and where they stand: the next test and assessment due."""

    person = serializers.IntegerField(source="use.person_id")
    full_name = serializers.CharField(source="use.person.full_name")
    since = serializers.DateField(source="use.since")
    last_eye_test_on = serializers.SerializerMethodField()
    eye_test_due = serializers.DateField(source="test_due")
    eye_test_in_hand = serializers.SerializerMethodField(
        help_text="The status of an offered or accepted test not yet taken, or null."
    )
    offer_answer_due = serializers.DateField(allow_null=True)
    last_assessment_on = serializers.SerializerMethodField()
    assessment_due = serializers.DateField()

    def get_last_eye_test_on(self, standing: Standing) -> date | None:
        return standing.last_test.tested_on if standing.last_test else None

    @extend_schema_field(serializers.ChoiceField(choices=EyeTestStatus.choices, allow_null=True))
    def get_eye_test_in_hand(self, standing: Standing) -> str | None:
        return standing.open_test.status if standing.open_test else None

    def get_last_assessment_on(self, standing: Standing) -> date | None:
        return standing.last_assessment.done_on if standing.last_assessment else None


class EyeTestSerializer(serializers.ModelSerializer):
    """One eye and eyesight test, from the offer (or the person's request) to the contribution
    to glasses."""

    full_name = serializers.CharField(source="person.full_name", read_only=True)
    reason = serializers.ChoiceField(choices=EyeTestReason.choices, read_only=True)
    status = serializers.ChoiceField(choices=EyeTestStatus.choices, read_only=True)

    class Meta:
        model = EyeTest
        fields = [
            "id",
            "person",
            "full_name",
            "reason",
            "status",
            "asked_by_person",
            "opened_on",
            "answered_on",
            "tested_on",
            "tested_by",
            "next_recommended_on",
            "glasses_for_screen",
            "contribution_pence",
            "contribution_paid_on",
            "contribution_reference",
        ]
        read_only_fields = fields


class RecordTestSerializer(JSONTypesMixin, serializers.Serializer):
    """The test as taken: when, by which optician or doctor, and what they recommend."""

    tested_on = serializers.DateField()
    tested_by = serializers.CharField(max_length=200, help_text="The optician or doctor.")
    next_recommended_on = serializers.DateField(
        required=False, allow_null=True, help_text="The optician's date for the next test."
    )
    glasses_for_screen = serializers.BooleanField(default=False)


_COUNCIL = OpenApiParameter("council", str, OpenApiParameter.PATH)


@extend_schema(parameters=[_COUNCIL])
class ScreenUserViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The display screen register: who uses screens for their work, and what falls due."""

    serializer_class = ScreenUserSerializer
    actions = {"list": Action.VIEW_DSE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScreenUser.objects.none()
        # A fixed number of queries for the whole council (dse.register).
        return standings(self.request.council, settings_for(self.request.council))


@extend_schema(parameters=[_COUNCIL])
class EyeTestViewSet(CouncilScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Eye and eyesight tests offered, asked for, taken and declined (DSE Regulations, reg 5)."""

    serializer_class = EyeTestSerializer
    # Recording is open to everyone at the gate, then narrowed to one's own tests unless one
    # runs the register (get_object).
    actions = {"list": Action.VIEW_DSE, "record": Action.OWN_DSE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EyeTest.objects.none()
        tests = EyeTest.objects.in_council(self.request.council).select_related("person")
        if self.action == "record" and not self.request.membership.can(Action.MANAGE_DSE):
            # Never a filter on a missing person: off the people list is a refusal (403).
            tests = tests.filter(person=own_person(self.request.membership))
        return tests

    @extend_schema(request=RecordTestSerializer, responses={200: EyeTestSerializer})
    @action(detail=True, methods=["post"])
    def record(self, request, *args, **kwargs):
        """Record the test as taken; its date (or the optician's) moves the renewal clock."""
        test = self.get_object()
        body = RecordTestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            test = record_test(
                test,
                tested_on=data["tested_on"],
                tested_by=data["tested_by"],
                next_recommended_on=data.get("next_recommended_on"),
                glasses_for_screen=data["glasses_for_screen"],
                actor=Actor.for_request(request),
            )
        except DseError as exc:
            raise serializers.ValidationError({"non_field_errors": [str(exc)]}) from None
        return Response(EyeTestSerializer(test).data)
