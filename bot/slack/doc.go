// Package slack is the support team's desk in Slack: where the engine's
// hand-offs meet the people who answer them.
//
// When the engine hands a conversation over (bot.AgentDesk.Open), the desk
// posts one root message to the support channel: who the customer is (their
// name only once verified), the channel, the language, the order concerned,
// the reason and the ticket, the last messages of the conversation, and the
// buttons Take and Resolve. The reference of the hand-off is that message,
// "<channel>/<ts>". The customer's next messages are posted as replies in
// its thread (Relay); photos stay in the database with the ticket, and the
// thread says one arrived. When the customer leaves the queue (Closed), the
// thread says so and the root message shows it.
//
// Inbound, what a person writes in a hand-off's thread becomes
// engine.AgentReply: the engine sends it to the customer under the agent's
// first name, or keeps it as an internal note when it starts with "note:".
// Take and Resolve become engine.AgentTake and engine.AgentResolve, and the
// root message shows who has the conversation. The slash commands /order,
// /customer, /points and /handoffs answer the agent who typed them, and no
// one else.
//
// Only the support team may do any of this: the members of the support
// channel, or of a configured user group (Config.UserGroup), read from
// Slack and kept a minute. The slash commands answer only in the support
// channel or in a direct message with the app, never where colleagues
// outside the team may read over a shoulder. What a customer wrote is
// shown in Block Kit text marked verbatim, so that Slack turns none of it
// into a mention or a link.
//
// Slack reaches the desk either over HTTP (Handler: every request's
// signature is checked on its raw bytes, a request that fails gets 401 and
// changes nothing) or over Socket Mode when an app-level token is set
// (Run). Either way Slack is answered at once — it wants an answer within 3
// seconds — and the work is done after by Run's workers. Events are
// processed once per event_id, recorded in the database, so Slack's
// retries and redeliveries after a restart change nothing. A rate-limited
// call to Slack waits what Slack asks and is tried again; other failures
// are not, since Slack may have posted the message before failing.
//
// Nothing the desk logs holds message text, e-mail addresses or tokens.
package slack
