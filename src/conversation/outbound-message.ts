/**
 * What the conversation engine says, before any channel shapes it: each channel adapter turns
 * buttons into its own form (WhatsApp reply buttons, Slack actions, Teams card actions) or,
 * for SMS, drops them, since the text always says how to answer by typing.
 */

export interface MessageButton {
  /** Short text on the button: "A", "True", "4". */
  label: string;
  /** Sent back when tapped; see button-payload.ts. */
  payload: string;
}

export interface OutboundMessage {
  text: string;
  buttons?: MessageButton[];
  /** An image or video shown with the message, on channels that can show one. */
  mediaUrl?: string;
}
