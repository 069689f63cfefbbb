"""Amazon SNS direct publish to a phone number (boto3). Settings: SMS_SNS_REGION, optional
SMS_FROM_NUMBER (origination number) and SMS_SNS_SENDER_ID; credentials from the environment or
the instance role, as boto3 finds them. Inbound texts arrive through an SNS topic (sms.webhooks)."""

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from sms.backends.base import BaseSmsBackend, SentText, SmsOptedOut, SmsRejected, SmsUnavailable

REJECTED_CODES = {"InvalidParameter", "InvalidParameterValue", "EndpointDisabled"}
OPTED_OUT_CODES = {"OptedOut", "OptedOutException"}


class SnsBackend(BaseSmsBackend):
    provider = "sns"

    def __init__(self, client=None, **options) -> None:
        super().__init__(**options)
        self.client = client or boto3.client("sns", region_name=settings.SMS_SNS_REGION or None)

    def _attributes(self) -> dict:
        attributes = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
        if settings.SMS_FROM_NUMBER:
            attributes["AWS.MM.SMS.OriginationNumber"] = {"DataType": "String", "StringValue": settings.SMS_FROM_NUMBER}
        if settings.SMS_SNS_SENDER_ID:
            attributes["AWS.SNS.SMS.SenderID"] = {"DataType": "String", "StringValue": settings.SMS_SNS_SENDER_ID}
        return attributes

    def send(self, *, to: str, body: str) -> SentText:
        try:
            answer = self.client.publish(PhoneNumber=to, Message=body, MessageAttributes=self._attributes())
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in OPTED_OUT_CODES:
                raise SmsOptedOut(code) from exc
            if code in REJECTED_CODES:
                raise SmsRejected(code) from exc
            raise SmsUnavailable(code or "ClientError") from exc
        except BotoCoreError as exc:
            raise SmsUnavailable(type(exc).__name__) from exc
        return SentText(self.provider, answer["MessageId"])
