/** `/admin/phone/messages`: a page of the tenant's text messages and calls, with its filters. */
export type AdminPhoneMessagesModel = {
  upn: string;
  channel: string;
  status: string;
  entries: {
    time: number;
    upn: string;
    channel: string;
    purpose: string;
    recipient: string;
    status: string;
    gateway: string | null;
    gatewayMessageId: string | null;
    detail: string | null;
  }[];
  nextHref: string | null;
};
