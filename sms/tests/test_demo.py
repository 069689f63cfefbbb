"""The demo's text-reminder data: one respondent with a verified number, seeded once."""

from sms.demo import DEMO_NUMBER, seed_text_reminders
from sms.models import TextSubscription


def test_the_first_respondent_with_an_account_has_a_verified_number_once(respondent, other_respondent):
    assert seed_text_reminders(respondents=[respondent, other_respondent]) == respondent
    seed_text_reminders(respondents=[respondent, other_respondent])
    subscription = TextSubscription.objects.get()
    assert (subscription.user, subscription.state, str(subscription.mobile.number)) == (
        respondent.user,
        TextSubscription.State.VERIFIED,
        DEMO_NUMBER,
    )
