// Package bot is supportbot's conversation engine: it understands what a
// customer writes, works the shop's account data, and answers, one message
// at a time per conversation, on any channel.
//
// # One turn
//
// A channel adapter hands a message to Engine.Handle. The engine takes the
// conversation's lock (one turn at a time per conversation), then:
//
//  1. begin (engine.go) loads the conversation and its dialogue state
//     (dialogue.go: the flow in progress, the flows put aside, identity
//     pieces not yet verified, what the last flow did), links a known
//     Telegram or Discord user to their customer, and understands the
//     message once (understand.go): intent and confidence from the
//     classifier, the FAQ entry the retrieval settles among the ones the
//     classifier finds likely, the close alternatives, the other requests
//     of the same message, entities, anger, the normalised text. Flows
//     read this Understanding and never parse the message again. The
//     conversation's language changes only on clear evidence.
//  2. If a person has the conversation, the message goes to them
//     (human_agent.go); otherwise respond (respond.go) applies the
//     dialogue rules below and runs flows. A flow is one entry of the flow
//     table (flows.go): an intent, its step function (track_order.go,
//     check_points.go, missing_parcel.go, wrong_item.go, start_return.go,
//     cancel_order.go, human_agent.go, and the account area's
//     refund_status.go, return_status.go, vouchers.go, invoice.go, whose
//     shared pieces are in account.go, and its cases and requests:
//     cases.go (claim_status, with the pieces they share), exchange.go,
//     address.go, account_details.go), the button that starts it, whether
//     it needs a verified customer, and how it is named and resumed. A step
//     asks for what is missing (identity.go, orders.go, items.go) or
//     carries the flow out and ends it. The verified customer, their orders
//     and returns are read at most once per turn (turn.go).
//  3. finish saves the conversation, its dialogue state and the transcript
//     lines of the turn, the replies for a channel delivered from the
//     outbox (outbox.go) and the delivery the message came with
//     (Incoming.Delivery, with the response), then the replies go back to
//     the adapter.
//
// All of a turn is one unit of work (Store.WithTx): the return, ticket,
// cancellation, verification attempt or identity link a flow makes is
// committed with the conversation, its transcript, its outbox rows and its
// delivery key, or not at all — a crash or a failed save leaves nothing the
// customer was not shown. A message redelivered after its turn committed is
// answered from the record (Response.Duplicate) and not handled again; one
// whose turn did not commit is handled as new. The delivery worker
// (bot/delivery) sends the outbox after the commit.
//
// Agents act through Engine.AgentTake, AgentWrote (AgentReply) and
// AgentResolve (agent.go), under the same lock, each one unit of work: an
// agent's message consumes its desk delivery key (Slack's event_id) in the
// transaction that records it and queues it for the customer. Their
// look-ups are in agent_lookup.go, the account area they see and the case
// status they set in agent_account.go.
//
// # Dialogue rules
//
// In this order, for a message the bot answers:
//
//   - "annuler", "stop" or the stop button alone leave every flow.
//   - A goodbye ("merci, au revoir", "c'est bon, bonne journée") or
//     "forget it / laisse tomber / non finalement c'est bon" end the flow
//     in progress for good: it never resumes. A thanks alone while the bot
//     waits for an answer is politeness: the question stays. A "non" that
//     answers a yes/no question is that answer, not a goodbye.
//   - An order number given as a correction ("sorry wrong order,
//     OP-102602"), during a flow or right after it ended on the wrong
//     order, runs the same request on that order.
//   - A message about what was just done (the refund of the order just
//     cancelled, where to send the return just opened, why no points) is
//     answered about that, from the account (followup.go).
//   - When two readings are about as likely, the bot asks which one the
//     customer means, with a button for each, rather than guess.
//   - A message that answers what the flow in progress waits for goes on
//     with it. A confirmation question takes only yes/no-like answers:
//     before an action that can't be undone only a yes does it, never a
//     hesitation ("let me think"), an acknowledgement ("ok I see") or a
//     question, which is answered before the question is asked again.
//     Anything else is handled as a new message. A reason or a description
//     is taken from the words, unless the message clearly asks something
//     else or is a question. What goes to the team as a request (an
//     exchange, a new address) is summed up and confirmed first.
//   - A plain yes to the one action an answer offers presses its button;
//     taking note of the answer does not. A person offered without a
//     question ("a member of our team can help: [Talk to a person]") is
//     asked about first; an "ok" to an offer made as a question is a yes.
//   - A question about the account (where is my order, my points) or a
//     general question asked in the middle of a flow is answered, then the
//     flow resumes where it was.
//   - Another action (cancel, return, a missing parcel, a wrong item, a
//     person) replaces the flow in progress, and the customer is told.
//   - A message with several requests ("annule-la et dis-moi mes points")
//     gets each answered, a question about the account before an action
//     (whose question then comes once, last); a cancellation only thought
//     of, refused or promised on a condition is no request.
//   - A follow-up of a general answer that makes sense only with the
//     question before it ("et en express ?") is read with that question.
//   - Identity details alone, after an answer that offered a flow, start
//     that flow; an order number alone asks where that order is.
//   - Otherwise the bot says it did not understand; twice in a row, it
//     offers a person.
//
// Nothing about an account is said before the conversation is verified
// (identity.go), and nothing at all where others read (a public channel).
package bot
