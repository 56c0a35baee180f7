package bot

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"supportbot/intents"
)

// Keyword lists, in each language's keywords.toml: words whose meaning in
// a given step must not depend on a classifier's mood.
const (
	keywordStop = "stop" // leave the task in progress
	keywordYes  = "yes"
	keywordNo   = "no"
	// keywordWait says the customer has not decided yet ("let me think").
	keywordWait = "wait"
	// keywordDefers puts a decision off in so many words, in a message
	// of any length ("let me think it over tonight and I'll get back to
	// you", « je dois vérifier avec mon mari, je reviens vers vous »).
	keywordDefers = "defers"
	// keywordNotMine says a thing is not the writer's ("not mine", « pas
	// le mien »).
	keywordNotMine = "not_mine"
	// keywordBothItems says how many: all of the items of a line ("both
	// pairs", « les deux »).
	keywordBothItems = "both_items"
	// keywordFollowOn opens a question that asks the last answer's
	// question again for another case ("et pour …", "what about …").
	keywordFollowOn = "follow_on"
	// keywordDoItForMe asks the bot to do what an answer told the
	// customer how to do ("can't you just do it for me?").
	keywordDoItForMe = "do_it_for_me"
	// keywordAsksIfCan asks whether the customer may do something ("can
	// I send it to another address?"): a question, no press.
	keywordAsksIfCan = "asks_if_can"
	// keywordOwnPlaceAsked asks whether an order still goes to the
	// customer's own place.
	keywordOwnPlaceAsked = "own_place_asked"
	// keywordCloseCase asks to close a case ("close it", « fermez le
	// dossier »).
	keywordCloseCase = "close_case"
	// keywordEngravingWrong says a personalisation came out wrong.
	keywordEngravingWrong = "engraving_wrong"
	// keywordSavedAddressRef points to an address the account holds
	// ("it's saved in my account").
	keywordSavedAddressRef = "saved_address_ref"
	// keywordAsksAnswer asks the bot to answer the question just asked;
	// keywordAsksWhatToDo what the customer must do if they say yes.
	keywordAsksAnswer   = "asks_answer"
	keywordAsksWhatToDo = "asks_what_to_do"
	// keywordNeverCancelled says the customer cancelled nothing ("I never
	// cancelled it"): a complaint about a cancellation, no request.
	keywordNeverCancelled = "never_cancelled"
	// keywordWithdrawConsequence asks, at a withdrawal offered, what
	// withdrawing means ("so I just don't send it and nothing happens?").
	keywordWithdrawConsequence = "withdraw_consequence"
	// keywordAlreadyReported says a problem was reported before: its
	// case's status is wanted, not a new report.
	keywordAlreadyReported = "already_reported"
	// keywordReasonQuestion asks, at a return's reason, what reason will
	// do ("do you need the exact reason?").
	keywordReasonQuestion = "reason_question"
	// keywordReasonAllergy tells of a reaction to an item worn: a reason
	// kept in the customer's words.
	keywordReasonAllergy = "reason_allergy"
	// keywordStillMissing says a parcel is still missing ("toujours pas").
	keywordStillMissing = "still_missing"
	// keywordFound says a parcel was found after all ("il était chez la
	// voisine").
	keywordFound = "found"
	keywordAll   = "all" // every item of the order
	// keywordLeave ends the flow in progress wherever it appears in a
	// short message ("non finalement c'est bon", "forget it").
	keywordLeave = "leave"
	// keywordBye takes leave beside a thanks ("merci, au revoir").
	keywordBye = "bye"
	// keywordAck takes note of an answer ("ok", "d'accord").
	keywordAck = "ack"
	// keywordAccept accepts the one action offered ("oui svp"), and
	// keywordNoted takes note without accepting ("ok I see").
	keywordAccept = "accept"
	keywordNoted  = "noted"
	keywordPolite = "polite"
	// keywordAcceptDo asks for the thing offered to be done ("yes
	// please, thanks", "ok please do"), where a yes with a thanks alone
	// only takes note.
	keywordAcceptDo = "accept_do"
	// keywordAsksDuration asks how long something takes ("how long does
	// engraving take?").
	keywordAsksDuration = "asks_duration"
	// keywordSeeRecords asks to see one's records ("I'd like to see my
	// refunds").
	keywordSeeRecords = "see_records"
	// keywordShipTo sends somewhere ("vous livrez en Martinique ?").
	keywordShipTo = "ship_to"
	// keywordShopShips asks the shop whether it sends somewhere ("vous
	// livrez en Martinique ?").
	keywordShopShips = "shop_ships"
	// keywordCardGone says the payment card or account no longer works
	// ("my card was cancelled").
	keywordCardGone = "card_gone"
	// keywordSameAgain wants the same item again, new ("a new pair").
	keywordSameAgain = "same_again"
	// keywordNoLongerNeeded says the person asked for is no longer
	// needed ("never mind, I found it").
	keywordNoLongerNeeded = "no_longer_needed"
	// keywordItemNotNeeded says the thing bought is no longer needed:
	// the reason for a cancellation or a return, not a goodbye.
	keywordItemNotNeeded = "item_not_needed"
	// keywordSideReaction reacts to the answer just given ("ok thanks,
	// that's all I needed to know").
	keywordSideReaction = "side_reaction"
	// keywordChecksDetail checks a detail held, without changing it ("is
	// the street still …? just checking").
	keywordChecksDetail = "checks_detail"
	// keywordAside is said to someone in the room ("Maman tu peux me
	// passer ma carte bleue").
	keywordAside = "aside"
	// keywordRoomNames call someone in the room ("maman", "honey"),
	// when they open or close a message.
	keywordRoomNames = "room_names"
	// keywordWhy asks for an explanation ("why didn't I get points?").
	keywordWhy = "why"
	// keywordQuestionWord starts a question ("how", "comment").
	keywordQuestionWord = "question_word"
	// keywordQuestionFiller may come before it ("ok", "alors").
	keywordQuestionFiller = "question_filler"
	// keywordWhereSend asks where or how to send a return.
	keywordWhereSend = "where_send"
	// keywordWithdrawReturn gives up the return just opened.
	keywordWithdrawReturn = "withdraw_return"
	// keywordNoDetails says the customer lacks what the identity check
	// asks for ("je n'ai pas le numéro").
	keywordNoDetails = "no_details"
	// keywordCorrection corrects what was just given ("sorry, I meant").
	keywordCorrection = "correction"
	// keywordCorrectionStrong corrects the order whatever else it reads as.
	keywordCorrectionStrong = "correction_strong"
	// keywordExchangeWords ask for an exchange in so many words.
	keywordExchangeWords = "exchange_words"
	// keywordInvestigate asks for the carrier investigation offered.
	keywordInvestigate = "investigate"
	// keywordNoCancel names a cancellation not wanted, or only asked about.
	keywordNoCancel = "no_cancel"
	// keywordNoInvestigation and keywordNoHuman name an investigation or
	// a person not wanted.
	keywordNoInvestigation = "no_investigation"
	keywordNoHuman         = "no_human"
	keywordNoReturn        = "no_return"
	keywordNoExchange      = "no_exchange"
	// keywordConfirmWords say yes to a cancellation ("je confirme").
	keywordConfirmWords = "confirm_words"
	// keywordReasonOtherAsked says none of the reasons offered fits.
	keywordReasonOtherAsked = "reason_other_asked"
	// keywordOtherOrder points at another order than the one discussed.
	keywordOtherOrder = "other_order"
	// keywordLatestOrder points at the newest order ("ma commande d'hier").
	keywordLatestOrder = "latest_order"
	// keywordOldestOrder points at the oldest order ("ma première
	// commande", "the older one").
	keywordOldestOrder = "oldest_order"
	// keywordDetails are the words that introduce identity details ("mon
	// mail est", "order number").
	keywordDetails = "details"
	// keywordUnsubscribe asks to stop the newsletter ("désabonnez-moi").
	keywordUnsubscribe = "unsubscribe"
	// keywordStaySubscribed keeps the newsletter ("ne me désabonnez pas").
	keywordStaySubscribed = "stay_subscribed"
	// keywordCloseAccount asks to close the account, not to cancel an
	// order ("please cancel my account").
	keywordCloseAccount = "close_account"
	// keywordDontShip asks that an order not be sent ("remboursez-moi et
	// n'envoyez pas").
	keywordDontShip = "dont_ship"
	// keywordParcelNotReceived says the whole order never came ("I
	// haven't received my order").
	keywordParcelNotReceived = "parcel_not_received"
	// keywordCancelWords are the words a request to cancel an order
	// holds ("my orders please" was read as one).
	keywordCancelWords = "cancel_words"
	// Orders named by their state ("the cancelled one").
	keywordOrderCancelled = "order_cancelled"
	keywordOrderShipped   = "order_shipped"
	keywordOrderPreparing = "order_preparing"
	keywordOrderDelivered = "order_delivered"
	// keywordNotRequest sets the request just sent apart ("the order,
	// not the address request").
	keywordNotRequest = "not_request"
	// keywordPromoWords name a promotion code or a voucher ("my code
	// doesn't work" is no faulty item).
	keywordPromoWords = "promo_words"
	// keywordInsteadOf comes before what was ordered in a wrong item's
	// report ("earrings instead of the bracelet").
	keywordInsteadOf = "instead_of"
	// keywordReceivedSaid comes before what came in a wrong item's report
	// said without "instead of" ("these are star shaped"), and
	// keywordReceivedVague are the words after it that describe nothing
	// ("it's a mistake").
	keywordReceivedSaid  = "received_said"
	keywordReceivedVague = "received_vague"
	// keywordAlso adds one more thing to what was said ("yes and also my
	// phone is …").
	keywordAlso = "also"
	// keywordWishAttribute is what an exchange asks for instead, said
	// without a number: a colour, a metal, a size ("for silver ones").
	keywordWishAttribute = "wish_attribute"
	// keywordQuantityOnly puts right how many of an item go back ("non
	// une seule en fait"); keywordNotBoth says one of two.
	keywordQuantityOnly = "quantity_only"
	keywordNotBoth      = "not_both"
	// keywordAdvice asks the bot's advice at a question ("vous me
	// conseillez quoi ?"): a hesitation, no request for a person.
	keywordAdvice = "asks_advice"
	// keywordIf opens a question asked on a condition ("if I exchange
	// it, do I pay shipping again?").
	keywordIf = "if_words"
	// keywordMayI asks whether one may do something ("could I …?").
	keywordMayI = "may_i"
	// keywordNoDetailsVague lacks the details asked for without naming
	// them ("I don't have it"): only as the answer to the question.
	keywordNoDetailsVague = "no_details_vague"
	// keywordThirdParty names someone else's order or account ("my
	// sister wants to cancel her order").
	keywordThirdParty = "third_party"
	// keywordHolderCannot says the account holder cannot write themselves
	// ("my mother passed away", « il n'a pas internet »): a person is
	// offered beside the refusal.
	keywordHolderCannot = "holder_cannot"
	// keywordHolderDied says the account holder has died.
	keywordHolderDied = "holder_died"
	// keywordAsks makes a clause of a longer message a question of its
	// own ("… and how long does a refund take?").
	keywordAsks = "asks"
	// keywordNewTopic turns a message to another subject ("je voudrais
	// plutôt parler d'autre chose : …", "by the way, …").
	keywordNewTopic = "new_topic"
	// keywordBackTo goes back to the request put aside ("ok, back to my
	// return", "on reprend").
	keywordBackTo = "back_to"
	// keywordNotThat denies the words after it as the reason ("it's not
	// that I don't like it, …").
	keywordNotThat = "not_that"
	// keywordMissedTime says a date or a deadline was missed ("I missed
	// it by 3 days"), no parcel.
	keywordMissedTime = "missed_time"
	// keywordDontKnowYet says the answer is not known yet ("je sais pas
	// encore quelle taille").
	keywordDontKnowYet = "dont_know_yet"
	// keywordCaseIdiom are phrases with "case" that name no case ("in
	// that case").
	keywordCaseIdiom = "case_idiom"
	// keywordPrefers prefers another action to the one in progress
	// ("actually I'd rather change the delivery address").
	keywordPrefers = "prefers"
	// keywordAllOrders asks about every order of the account at once
	// ("what orders do I have?").
	keywordAllOrders = "all_orders"
	// keywordListOrders asks for the list of the account's orders in so
	// many words ("can you list all my orders").
	keywordListOrders = "list_orders"
	// keywordOrdersAlone names the orders alone ("mes commandes").
	keywordOrdersAlone = "orders_alone"
	// keywordNotWrong takes back a wrong item for a missing one ("it's
	// not wrong, it's missing").
	keywordNotWrong = "not_wrong"
	// keywordRefundWish wants a refund instead of the exchange in
	// progress ("actually just refund me instead").
	keywordRefundWish = "refund_wish"
	// keywordRefundWords name a refund in a question about one.
	keywordRefundWords = "refund_words"
	// keywordRefundElsewhere asks for a refund elsewhere than the
	// payment method used ("to my PayPal", "sur le compte de mon mari").
	keywordRefundElsewhere = "refund_elsewhere"
	// keywordMessageReceived names a message received ("un texto", "an
	// e-mail"), which is no item.
	keywordMessageReceived = "message_received"
	// keywordIntroducesPlain introduces the writer before a relative a
	// word or two later ("this is James's wife").
	keywordIntroducesPlain = "introduces_plain"
	// keywordBuyerClause, right after the relative a writer introduces
	// themselves as, says they placed the order ("the mum who ordered").
	keywordBuyerClause = "buyer_clause"
	// keywordPointsNotShown says, right after the balance, that a
	// purchase is not in it ("it's not there", « je les vois pas »).
	keywordPointsNotShown = "points_not_shown"
	// keywordHolderAgrees says the account holder agrees to someone
	// else asking ("she's fine with it", « elle est d'accord »).
	keywordHolderAgrees = "holder_agrees"
	// keywordHolderHow asks what the account holder should do ("what
	// should she do then?").
	keywordHolderHow = "holder_how"
	// keywordCaseOf begins a clause that says which case a question is
	// asked for ("in the case of an exchange", « dans le cas d'un
	// échange »).
	keywordCaseOf = "case_of"
	// keywordYesFine says after a yes that it is fine to go on ("oui
	// c'est bon, transmettez"), where « c'est bon » alone lets it go.
	keywordYesFine = "yes_fine"
	// keywordTryAgain gives an item another chance ("I'll try the
	// earrings again"): it is kept.
	keywordTryAgain = "try_again"
	// keywordOneOnly says how many of an item, one ("one pair only", «
	// une seule paire »).
	keywordOneOnly = "one_only"
	// keywordSameAsMine says someone else has the same item as the
	// writer ("the same scarf as me", « le même collier que moi »): the
	// writer's own order is beside it.
	keywordSameAsMine = "same_as_mine"
	// keywordAddressRecipient begins the line of an address that says
	// who receives it ("chez M. et Mme Martin", "c/o", "Société Dumas").
	keywordAddressRecipient = "address_recipient"
	// keywordThereIs begins a detail said as a fact ("there's a door
	// code", « il y a un digicode »).
	keywordThereIs = "there_is"
	// keywordIntroducesName gives the writer's name right after it ("my
	// name is", « je m'appelle »); keywordNameHere right after the name
	// ("Henry here").
	keywordIntroducesName = "introduces_name"
	keywordNameHere       = "name_here"
	// keywordWriterOwn is the writer's own ("my"): a relative named
	// after it is talked about, not writing.
	keywordWriterOwn = "writer_own"
	// keywordAsksWhere opens a message asking where something is.
	keywordAsksWhere = "asks_where"
	// keywordDoAnyway takes an action up again after a doubt or a no
	// ("no, cancel it anyway").
	keywordDoAnyway = "do_anyway"
	// keywordCancelNow asks to cancel, as the answer to a cancellation's
	// question ("annule", "cancel it").
	keywordCancelNow = "cancel_now"
	// keywordItemPhraseWords, with product words, only name items ("one
	// pair of earrings").
	keywordItemPhraseWords = "item_phrase_words"
	// keywordNothingMissing says nothing is missing ("nothing was
	// missing!").
	keywordNothingMissing = "nothing_missing"
	// keywordKeepVerbs are the words of keywordKeepWords that keep all
	// that follows them.
	keywordKeepVerbs = "keep_verbs"
	// keywordTheOther is the other item, kept beside what goes back.
	keywordTheOther = "the_other"
	// keywordReceivedWhen tells when something came, as a story ("I got
	// it over a month ago").
	keywordReceivedWhen = "received_when"
	// keywordAsksException asks for an exception to a rule, after a
	// refusal.
	keywordAsksException = "asks_exception"
	// keywordAsksHowCancel asks how to cancel an order.
	keywordAsksHowCancel = "asks_how_cancel"
	// keywordCaseOpened speaks of a case already opened ("you opened",
	// "l'enquête ouverte").
	keywordCaseOpened = "case_opened"
	// keywordStreetAround are the words around a street put right in a
	// sentence of its own ("and it's … actually").
	keywordStreetAround = "street_around"
	// keywordHoldYes holds a yes back until an answer comes ("yes but
	// first, how long…", "oui mais avant…").
	keywordHoldYes = "hold_yes"
	// keywordAsksContacted asks whether someone will write back ("will
	// someone email me about it?", « on va me recontacter ? »).
	keywordAsksContacted = "asks_contacted"
	// keywordWantsReplacement wishes a new item in place of a faulty
	// one ("I want a new one", « je veux qu'on me la remplace »).
	keywordWantsReplacement = "wants_replacement"
	// keywordReceiveVerb says something came ("reçu", "got", "in the
	// parcel"): "only the scarf" is what came only after one.
	keywordReceiveVerb = "receive_verb"
	// keywordDeliverElsewhere asks for an order to go to another place
	// ("faire livrer ailleurs", "ship it somewhere else").
	keywordDeliverElsewhere = "deliver_elsewhere"
	// keywordTagQuestion ends a question that asks to have what it says
	// confirmed ("am I?", « c'est ça ? »).
	keywordTagQuestion = "tag_question"
	// keywordStreetLead are the words before a street given as a piece
	// of an address ("la nouvelle adresse c'est 8 avenue …").
	keywordStreetLead = "street_lead"
	// keywordArriveBy asks whether an order arrives by a day named
	// beside it ("before Christmas?", « pour vendredi ? »).
	keywordArriveBy = "arrive_by"
	// keywordOrderedSaid is "I had ordered…", a wrong item only beside
	// what came instead.
	keywordOrderedSaid = "ordered_said"
	// keywordIfNotPossible asks for something only should the request
	// before it fail ("if that's not possible just cancel the order").
	keywordIfNotPossible = "if_not_possible"
	// keywordResignedYes is a yes said with resignation ("go ahead I
	// guess", « bon ben si y a que ça »).
	keywordResignedYes = "resigned_yes"
	// keywordKeepOldAddress keeps the address an order had, after its
	// change was sent.
	keywordKeepOldAddress = "keep_old_address"
	// keywordDestinationOther is another person's place as where an
	// order goes ("envoyée chez elle plutôt que chez moi").
	keywordDestinationOther = "destination_other"
	// keywordDeliveredToMe says the parcel came to the customer ("elle
	// m'a été livrée il y a trois semaines").
	keywordDeliveredToMe = "delivered_to_me"
	// keywordWhichOrderItem asks which order an item is in.
	keywordWhichOrderItem = "which_order_item"
	// keywordOwnOrderSaid is the writer's own order said in so many words
	// ("the one I ordered from you"); keywordTheirOrder another person's
	// ("her order").
	keywordOwnOrderSaid = "own_order_said"
	keywordTheirOrder   = "their_order"
	// keywordGivenAlready says the details were given already, beside
	// them ("I've just given them to you!").
	keywordGivenAlready = "given_already"
	// keywordValidityWords say how long something stays valid.
	keywordValidityWords = "validity_words"
	// keywordReturnSupposed asks whether an order could still be returned
	// later ("could she still return it in January?").
	keywordReturnSupposed = "return_supposed"
	// keywordNewItem names the item an exchange sends ("the new ring").
	keywordNewItem = "new_item"
	// keywordAsksNext asks what comes next, at a question ("so what
	// happens now?").
	keywordAsksNext = "asks_next"
	// keywordDoNothing says nothing is to be done yet ("ne faites rien").
	keywordDoNothing = "do_nothing"
	// keywordNoItem starts a short clause that names an item as not
	// there ("no scarf", « pas de foulard »).
	keywordNoItem = "no_item"
	// keywordFollowupCorrection puts right what was said ("I meant…").
	keywordFollowupCorrection = "followup_correction"
	// keywordSendBack wishes to send an item back ("I want to send those
	// back but only one pair"): no item missing.
	keywordSendBack = "send_back"
	// keywordAllItems are all the order's items, said inside a sentence.
	keywordAllItems = "all_items"
	// keywordStatusWords ask where a request stands ("le statut de mon
	// échange", "any news on my return"); keywordMyReturns name the
	// customer's returns alone ("mes retours").
	keywordStatusWords = "status_words"
	keywordMyReturns   = "my_returns"
	// keywordCancelledAsked asks whether a cancellation was made;
	// keywordCancelledWord names one made, in a question.
	keywordCancelledAsked = "cancelled_asked"
	keywordCancelledWord  = "cancelled_word"
	// keywordMaybeCancel thinks of a cancellation without asking for it.
	keywordMaybeCancel = "maybe_cancel"
	// keywordCancelMyself says the customer will cancel ("je l'annule"),
	// which after a condition said first only thinks of it.
	keywordCancelMyself = "cancel_myself"
	// keywordRightItem says the item received was the right one.
	keywordRightItem = "right_item"
	// keywordNoProblem says nothing is the matter with an item named.
	keywordNoProblem = "no_problem"
	// keywordProblemDenied denies a problem ("not missing").
	keywordProblemDenied = "problem_denied"
	// keywordFollowWords make, with question words, a short question
	// about the answer just given ("why so long?", "combien ?").
	keywordFollowWords = "follow_words"
	// keywordFollowOpener starts a message that goes on from the last one
	// ("and", "et", "sinon").
	keywordFollowOpener = "follow_opener"
	// keywordFollowAbout starts a question that asks the last one again
	// about something else ("et pour la Belgique ?", "what about
	// express?").
	keywordFollowAbout = "follow_about"
	// keywordFollowPronoun refers back to what the last answer was about
	// ("elle", "it").
	keywordFollowPronoun = "follow_pronoun"
	// keywordCompares compares two things in a question ("la différence
	// entre un échange et un retour").
	keywordCompares = "compares"
	// keywordMixedAnswer is a yes and a no at once ("yes and no").
	keywordMixedAnswer = "mixed_answer"
	// keywordNotAnOrder names what is cancelled when it is no order
	// ("cancel my subscription", "annuler ma carte").
	keywordNotAnOrder = "not_an_order"
	// keywordDoneAlready tells an action as done ("j'ai annulé ma
	// commande il y a un mois"): a clause that asks for nothing.
	keywordDoneAlready = "done_already"
	// keywordChangeDetail asks to change a contact detail ("change my
	// phone number to…").
	keywordChangeDetail = "change_detail"
	// keywordOtherAccountInfo asks for the details of an account named
	// ("show me the info for …", "les infos de …").
	keywordOtherAccountInfo = "other_account_info"
	// keywordBackFrom says the customer is back somewhere ("de retour
	// de vacances"), with the word of a return in it.
	keywordBackFrom = "back_from"
	// keywordLabelLost says a return's label is lost or did not come.
	keywordLabelLost = "label_lost"
	// keywordPlaceHome and keywordPlaceWork name the places customers
	// save an address under.
	keywordPlaceHome = "place_home"
	keywordPlaceWork = "place_work"
	// keywordOrderLate names an order by its being late ("celle qui est
	// en retard").
	keywordOrderLate = "order_late"
	// keywordAsksStatus asks where an order is ("elle en est où", "when
	// will it ship").
	keywordAsksStatus = "asks_status"
	// keywordForOrder says what is asked is for an order ("pour ma
	// commande", "send OP-… to").
	keywordForOrder = "for_order"
	// keywordAsksCanCancel asks whether an order can still be cancelled
	// ("is it too late to cancel?").
	keywordAsksCanCancel = "asks_can_cancel"
	// keywordReturnGivenUp tells of a return thought of before ("I was
	// going to return…"); keywordMaybeReturn of one that may come ("I
	// might return…"); keywordNeverMind drops a matter ("never mind").
	keywordReturnGivenUp = "return_given_up"
	keywordMaybeReturn   = "maybe_return"
	keywordNeverMind     = "never_mind"
	// keywordNotAboutParcel is "nothing" said of something else than a
	// parcel ("c'est rien", "heard nothing from you").
	keywordNotAboutParcel = "not_about_parcel"
	// keywordAccountPlace says a change is for the account, not an order
	// ("dans mon compte", "for future orders").
	keywordAccountPlace = "account_place"
	// keywordAsksPerson are the words of asking for a person ("talk to
	// someone", "un conseiller").
	keywordAsksPerson = "asks_person"
	// keywordReturnWord names a return ("mon retour").
	keywordReturnWord = "return_word"
	// keywordNewPhone says the customer's phone number changed.
	keywordNewPhone = "new_phone"
	// keywordPersonWord is a word for a person to talk to; keywordNegation
	// a word of negation; keywordJoiner a word that joins another clause
	// ("and", "mais").
	keywordPersonWord = "person_word"
	keywordNegation   = "negation"
	// keywordNegatedVerb is a verb with its negation, written without
	// the apostrophe ("havent", "didnt").
	keywordNegatedVerb = "negated_verb"
	// keywordToldDone tells a request as made already ("I already opened
	// an investigation"), keywordSomeoneElse as another person's ("ma
	// voisine"), keywordRatherNot refuses it without a negation ("I'd
	// rather not", "plutôt pas").
	keywordToldDone    = "told_done"
	keywordSomeoneElse = "someone_else"
	keywordRatherNot   = "rather_not"
	// keywordNoThanks declines what was just named ("a person? no
	// thanks"); keywordWhetherNeeded asks whether something is needed
	// ("do I need to speak to an agent to…?").
	keywordNoThanks      = "no_thanks"
	keywordWhetherNeeded = "whether_needed"
	// keywordNotAnAnswer are words that answer no free-text question: a
	// joke taken back, the flow resumed ("ok back to the return", "bon,
	// on reprend le retour"); each was recorded as a reason or a wish.
	keywordNotAnAnswer = "not_an_answer"
	// keywordOnlyIf puts a condition on a yes ("yes but only if…").
	keywordOnlyIf = "only_if"
	// keywordFiller are words that say nothing of a request ("haha",
	// "en fait", "ah").
	keywordFiller = "filler"
	// keywordNotReceived says something never came ("I never got the
	// email with the card").
	keywordNotReceived = "not_received"
	// keywordNewDetailBefore comes just before a detail said to be new
	// ("change my email to …", "remplacer par …").
	keywordNewDetailBefore = "new_detail_before"
	// keywordEmailWords name an e-mail address ("adresse mail").
	keywordEmailWords = "email_words"
	// keywordPhoneWords name a phone number ("mon tel").
	keywordPhoneWords = "phone_words"
	// keywordEmptyParcel says the parcel came with nothing inside.
	keywordEmptyParcel = "empty_parcel"
	// keywordIdentityQuestion asks about the proof of identity asked for
	// ("why do you need that?", "c'est obligatoire ?").
	keywordIdentityQuestion = "identity_question"
	// keywordSignOff closes a letter ("Kind regards", "Bien
	// cordialement").
	keywordSignOff = "sign_off"
	// keywordLetterWords are the other words of a letter's closing
	// ("Je vous prie d'agréer…", "with my best regards").
	keywordLetterWords = "letter_words"
	// keywordGreeting opens a message ("bonjour", "good morning").
	keywordGreeting = "greeting"
	// keywordOrderPart is a part of an order that is not the order: an
	// option, a change asked for, a claim, a way to pay ("l'emballage
	// cadeau", "the address change").
	keywordOrderPart = "order_part"
	// keywordOpenCase asks for a case to be opened ("open", "lancez").
	keywordOpenCase = "open_case"
	// keywordYesAfterAll says yes after a no ("ok en fait oui").
	keywordYesAfterAll = "yes_after_all"
	// keywordWillWait puts a case off to wait a little longer ("I'll
	// wait a few more days").
	keywordWillWait = "will_wait"
	// keywordSubjectIs says what a request for a person is about ("it's
	// about my refund", "c'est pour ma commande").
	keywordSubjectIs = "subject_is"
	// keywordItemAside starts a clause that sets an item aside ("not the
	// earrings", "mais pas le foulard").
	keywordItemAside = "item_aside"
	// keywordKeepVerb keeps something ("I keep the ring").
	keywordKeepVerb = "keep_verb"
	// keywordItemDropped sets an item aside in a request ("never mind the
	// earrings, …").
	keywordItemDropped = "item_dropped"
	// keywordPersonUseless says a person would not help ("talking to a
	// person won't help").
	keywordPersonUseless = "person_useless"
	// keywordWishCategory names what kind of wish, with no value ("the
	// size", "la couleur").
	keywordWishCategory = "wish_category"
	// keywordItemDeterminer are the words that may stand before an
	// item's name: "the ring" answers nothing new about the ring.
	keywordItemDeterminer = "item_determiner"
	// keywordItemCorrection puts right the item just named ("the scarf,
	// sorry no, I mean the earrings").
	keywordItemCorrection = "item_correction"
	// keywordGoAhead tells the bot to go ahead ("vous pouvez annuler").
	keywordGoAhead = "go_ahead"
	// keywordPleaseDo asks for something to be done ("please open one").
	keywordPleaseDo = "please_do"
	// keywordWholeOrder names a whole order ("toute la commande").
	keywordWholeOrder = "whole_order"
	// keywordItemFine says an item named is fine ("the earrings are
	// great, but …").
	keywordItemFine = "item_fine"
	// keywordToldBy reports what someone said ("my neighbour told me
	// …").
	keywordToldBy = "told_by"
	// keywordAccountWords name the account's details ("my details", "mes
	// coordonnées").
	keywordAccountWords = "account_words"
	// keywordReasonChange changes a return's reason ("change the reason
	// to too small", "changez le motif").
	keywordReasonChange = "reason_change"
	// keywordNegatedChange refuses a change or an exchange in the request
	// itself ("just checking, not changing anything").
	keywordNegatedChange = "negated_change"
	// keywordNotAReturn refuses a return in the request itself ("not a
	// return, not a cancellation: …").
	keywordNotAReturn = "not_a_return"
	// keywordSizeComplaint says an item's size is wrong without saying
	// which one is wanted ("it's too small", "trop grand").
	keywordSizeComplaint = "size_complaint"
	// keywordActionHedged asks advice about an action, or finds it too
	// much, rather than asking for it ("should I open an investigation?",
	// "faut-il ouvrir une enquête ?", "seems a bit over the top").
	keywordActionHedged = "action_hedged"
	// keywordNoRefund refuses a refund or a return ("I don't want a
	// refund", "je ne veux pas la rendre"); keywordWantsOther wants
	// another item, size or colour ("un autre foulard", "a size up").
	keywordNoRefund   = "no_refund"
	keywordWantsOther = "wants_other"
	// keywordQuantityAll says all of an item go back ("both pairs",
	// "les deux").
	keywordQuantityAll = "quantity_all"
	// keywordIndeedIs says what something is after all ("c'est bien de
	// l'argent", "it's actually silver").
	keywordIndeedIs = "indeed_is"
	// keywordPointsWords name loyalty points; keywordPointIdiom uses
	// "point" for something else ("is there any point?", "point
	// relais").
	keywordPointsWords = "points_words"
	keywordPointIdiom  = "point_idiom"
	// keywordExchangeVerb names an exchange in so many words
	// ("échanger", "swap").
	keywordExchangeVerb = "exchange_verb"
	// keywordDeliverTo asks for an order to be delivered somewhere ("la
	// faire livrer à", "have it delivered to").
	keywordDeliverTo = "deliver_to"
	// keywordOwnCaseNamed names the customer's own case ("my
	// investigation", "mon dossier").
	keywordOwnCaseNamed = "own_case_named"
	// keywordLangOfThing names something written in a language other
	// than the conversation ("la newsletter en anglais", "the invoice in
	// French").
	keywordLangOfThing = "lang_of_thing"
	// keywordRefundAmountAsked asks how much a return brings back;
	// keywordReasonWhyAsked asks why a return's reason is wanted.
	keywordRefundAmountAsked = "refund_amount_asked"
	keywordReasonWhyAsked    = "reason_why_asked"
	// keywordOtherItemRef names the other item of an order ("the other
	// one", "l'autre").
	keywordOtherItemRef = "other_item_ref"
	// keywordDetailRemoved says a saved detail is to go ("mon adresse
	// Bureau n'existe plus").
	keywordDetailRemoved = "detail_removed"
	// keywordSubscribe asks to receive the newsletter ("sign me up",
	// "inscrivez-moi").
	keywordSubscribe = "subscribe"
	// keywordLeaveWords go with words of leaving without saying more ("ok
	// then forget it", "bon alors laissez tomber").
	keywordLeaveWords = "leave_words"
	// keywordInsteadOfAction turns down the action in hand for another
	// way ("instead of cancelling", "plutôt que d'annuler", "no need
	// then"); keywordInsteadWord says "instead"; keywordAddressChange
	// names a change of the delivery address.
	keywordInsteadOfAction = "instead_of_action"
	keywordInsteadWord     = "instead_word"
	keywordAddressChange   = "address_change_words"
	// keywordNotYetAlone is "not yet" said alone; keywordWhatMean asks
	// what the bot means ("c'est-à-dire ?").
	keywordNotYetAlone = "not_yet_alone"
	keywordWhatMean    = "what_mean"
	// keywordWholeParcelWrong says the whole parcel is someone else's
	// ("someone else's order in my parcel").
	keywordWholeParcelWrong = "whole_parcel_wrong"
	// keywordTrackingWords name tracking, links and sites ("le lien de
	// suivi ne marche pas" says nothing of an item).
	keywordTrackingWords = "tracking_words"
	// keywordOrderContents asks what an order holds ("what did I
	// order?", "ce que j'ai commandé").
	keywordOrderContents = "order_contents"
	// keywordNotThisItem sets an item aside after the one meant ("it's
	// the earrings, not the bangle", "pas le bracelet").
	keywordNotThisItem = "not_this_item"
	// keywordMissingSaid says in so many words that something is missing
	// ("il manque", "missing").
	keywordMissingSaid = "missing_said"
	// keywordParcelArrived says the parcel came ("my parcel arrived but
	// the scarf was missing").
	keywordParcelArrived = "parcel_arrived"
	// keywordCheckedDone says the checks were made ("oui j'ai vérifié
	// chez les voisins").
	keywordCheckedDone = "checked_done"
	// keywordIfSo makes a request on the condition the bot's own answer
	// settles ("can it still be cancelled? if so, cancel it").
	keywordIfSo = "if_so"
	// keywordMyPoints names the customer's loyalty points ("when do I get
	// my points for this order?").
	keywordMyPoints = "my_points"
	// keywordTooWords say "too" of something ("too big", "trop grand"):
	// a complaint, never a yes; keywordFoundStrong says where the parcel
	// was ("the neighbours had it").
	keywordTooWords    = "too_words"
	keywordFoundStrong = "found_strong"
	// keywordAboutOrder says what a request is about, naming the order
	// ("c'est pour ma commande OP-…"), without asking anything of it.
	keywordAboutOrder = "about_order"
	// keywordYesAgain turns a no just said into a yes ("non attendez, en
	// fait oui annulez-la", "non, si, annulez-la").
	keywordYesAgain = "yes_again"
	// keywordChangeAccountDetail asks to change a detail of the account
	// ("changer mon numéro de téléphone", "change my email").
	keywordChangeAccountDetail = "change_account_detail"
	// keywordKeepOpen keeps a case or request open, in so many words ("ne
	// retirez pas ma réclamation").
	keywordKeepOpen = "keep_open"
	// keywordUnsubscribeMe asks for the customer's own unsubscription
	// ("unsubscribe me", "désinscrivez-moi").
	keywordUnsubscribeMe = "unsubscribe_me"
	// keywordNotAsked disowns a request ("je n'ai rien demandé").
	keywordNotAsked = "not_asked"
	// keywordComeBackLater puts the answer off to another time ("je
	// reviens vers vous").
	keywordComeBackLater = "come_back_later"
	// keywordOtherwise opens what happens if not ("otherwise I'll keep
	// it").
	keywordOtherwise = "otherwise"
	// keywordWhatCame says what was received ("it was a", "j'ai reçu").
	keywordWhatCame = "what_came"
	// keywordWantsPerson asks for a person in so many words ("je veux
	// parler à un conseiller").
	keywordWantsPerson = "wants_person"
	// keywordThirdPerson names someone else without saying who ("he",
	// "elle", "someone").
	keywordThirdPerson = "third_person"
	// keywordOrderedOther says what was ordered, other than what came ("I
	// ordered a 54").
	keywordOrderedOther = "ordered_other"
	// keywordOwnMistake says the customer ordered wrong ("I ordered by
	// mistake").
	keywordOwnMistake = "own_mistake"
	// keywordOtherPersonNow says someone else now writes ("different
	// person now", « c'est sa femme qui écrit »).
	keywordOtherPersonNow = "other_person_now"
	// keywordNoneWords answer how many or which with none ("none
	// actually", « aucun finalement »).
	keywordNoneWords = "none_words"
	// keywordContactMe says how to reach the customer ("call me at …").
	keywordContactMe = "contact_me"
	// keywordYeahNo is a spoken no that starts with a yes ("yeah no").
	keywordYeahNo = "yeah_no"
	// keywordRelative and keywordIntroducesSelf: someone else saying
	// who they are ("it's his son", "ici sa fille").
	keywordRelative       = "relative"
	keywordIntroducesSelf = "introduces_self"
	// keywordRelativeHere follows a relative who says they write ("wife
	// here").
	keywordRelativeHere = "relative_here"
	// keywordTakesOver says someone else writes in the chat from now
	// ("my husband will write now"), said with who (keywordSomeoneElse).
	keywordTakesOver = "takes_over"
	// keywordYesAfterWait is a yes that ends a pause the customer asked
	// for ("yes, go ahead"), where "ok" only says they will think.
	keywordYesAfterWait = "yes_after_wait"
	// keywordDeliveredSaid takes a delivery into account ("oh it says
	// delivered").
	keywordDeliveredSaid = "delivered_said"
	// keywordAmountAgain asks again for the amount of what was just done
	// ("c'était combien déjà ?").
	keywordAmountAgain = "amount_again"
	// keywordNumberAgain asks again for the number of what was just
	// made ("what was the case number again?").
	keywordNumberAgain = "number_again"
	// keywordTrackingAsked names the carrier's tracking number ("the DHL
	// number"), not a case's.
	keywordTrackingAsked = "tracking_asked"
	// keywordCancelOneItem asks to cancel only part of an order ("est-il
	// possible d'annuler un seul article ?").
	keywordCancelOneItem = "cancel_one_item"
	// keywordOnlyImagined says a question is about a case that has not
	// happened ("if I ever got one", « pas encore de problème »).
	keywordOnlyImagined = "only_imagined"
	// keywordGiftReceived says the item was a present received ("my
	// aunt gave me").
	keywordGiftReceived = "gift_received"
	// keywordMovesOwnPoints moves or gives the writer's own points to
	// someone else ("transfer them to my mum's account").
	keywordMovesOwnPoints = "moves_own_points"
	// keywordNotAName are the words that follow "this is" as a judgement,
	// never a name ("This is Urgent.").
	keywordNotAName = "not_a_name"
	// keywordNotHappened says a question is about a case that has not
	// happened, or a later order ("if I ever got one", « pour une
	// prochaine commande »): narrower than keywordOnlyImagined, whose "just
	// asking" also opens questions about the account's own orders.
	keywordNotHappened = "not_happened"
	// keywordTheirAccountUsed says an order was placed with someone else's
	// account ("on her account", « depuis son compte à elle »): whoever
	// bought it, the account is not the writer's.
	keywordTheirAccountUsed = "their_account_used"
	// keywordRelaysTo says the writer passes the bot's answer on to
	// someone of theirs ("I'll pass that on to my dad", « je
	// transmettrai à mon père »).
	keywordRelaysTo = "relays_to"
	// keywordBeforeActing asks something before the bot acts ("but
	// before you open anything", « mais avant »).
	keywordBeforeActing = "before_acting"
	// keywordWantsReturn asks for a return in so many words ("I want to
	// return", « je voudrais renvoyer »).
	keywordWantsReturn = "wants_return"
	// keywordReopenCase asks for a case to be opened again ("please
	// reopen TK-…", « rouvrez le dossier »).
	keywordReopenCase = "reopen_case"
	// keywordReasonIs names a return's reason to put it right ("the
	// reason is", « le motif c'est »).
	keywordReasonIs = "reason_is"
	// keywordRelaysPronoun passes the answer on to someone said only by a
	// pronoun ("I'll pass it on to him", « je lui dirai »).
	keywordRelaysPronoun = "relays_pronoun"
	// keywordTheyBoughtIt says the order is someone else's, who bought it
	// for themselves ("he bought it for himself", « c'est elle qui l'a
	// commandé »).
	keywordTheyBoughtIt = "they_bought_it"
	// keywordPickupDetails asks where a pickup point is, how long it keeps
	// a parcel, or who may collect it.
	keywordPickupDetails = "pickup_details"
	// keywordWarranty names the manufacturer's warranty.
	keywordWarranty = "warranty"
	// keywordNoOwnAccount says the writer has no account with the shop
	// ("moi j'ai même pas de compte chez vous").
	keywordNoOwnAccount = "no_own_account"
	// keywordRelativeDidForMe is what a relative did for the holder's
	// own order ("c'est ma femme qui a payé").
	keywordRelativeDidForMe = "relative_did_for_me"
	// keywordOthersAgree is someone of the holder's agreeing with their
	// yes ("yes, my husband agrees").
	keywordOthersAgree = "others_agree"
	// keywordOwnAccount is the writer's own account said beside someone
	// else's ("our joint account").
	keywordOwnAccount = "own_account"
	// keywordPaidWith is paying with something ("paid with my wife's
	// card": a bank card, no account).
	keywordPaidWith = "paid_with"
	// keywordPersonAvailable asks whether the team is there ("are your
	// agents available today?").
	keywordPersonAvailable = "person_available"
	// keywordAsksClarification asks what the bot's own question means
	// ("what do you mean?", "c'est-à-dire ?").
	keywordAsksClarification = "asks_clarification"
	// keywordAsksWhatMeant asks what the question means in words that say
	// so whatever follows ("I don't get it, what should I put here?").
	keywordAsksWhatMeant = "asks_what_meant"
	// keywordNewsletterWord names what an unsubscription stops
	// ("newsletter", "les mails").
	keywordNewsletterWord = "newsletter_word"
	// keywordLaughter is laughter ("lol", "mdr"): an action asked with
	// it is a joke.
	keywordLaughter = "laughter"
	// keywordKidding says one is joking ("lol jk"): the action said with
	// it is taken back.
	keywordKidding = "kidding"
	// keywordPastTime is a time long past ("last year", "la dernière
	// fois"): a problem told with it is a story.
	keywordPastTime = "past_time"
	// keywordHappeningAgain says a problem told with a past one happens
	// now ("again", "cette fois").
	keywordHappeningAgain = "happening_again"
	// keywordNumberCorrection puts a number right in the same answer
	// ("2 pairs... no sorry, just 1").
	keywordNumberCorrection = "number_correction"
	// keywordProductKind names a kind of the shop's products ("a
	// necklace", "un collier"): what an exchange may be for.
	keywordProductKind = "product_kind"
	// keywordEraseData asks for the customer's data to be erased.
	keywordEraseData = "erase_data"
	keywordJoiner    = "joiner"
	// keywordAsksIfBot asks whether the customer talks to a bot.
	keywordAsksIfBot = "asks_if_bot"
	// keywordJustOne returns one of several of an item ("one of the two
	// pairs").
	keywordJustOne = "just_one"
	// keywordDetailWrong says a detail on the account is wrong, without
	// the right one yet ("my phone number is wrong").
	keywordDetailWrong = "detail_wrong"
	// keywordAccountAddress is the address saved on the account, not an
	// order's ("change my saved address").
	keywordAccountAddress = "account_address"
	// keywordOrderAddress is where an order goes ("shipping address",
	// "adresse de livraison"), not the account's saved address.
	keywordOrderAddress = "order_address"
	// keywordSpellingFix gives the right spelling ("it should be Luc").
	keywordSpellingFix = "spelling_fix"
	// keywordWithdraw takes back what was just sent ("cancel that",
	// "retirez la demande"); leave words ("never mind") do not.
	keywordWithdraw = "withdraw"
	// keywordWillLook goes to look somewhere ("je vais voir chez le
	// voisin"): not found yet.
	keywordWillLook = "will_look"
	// keywordYesBut is a yes with a condition or a correction after it.
	keywordYesBut = "yes_but"
	// keywordChangesAsked changes what a yes would confirm ("instead",
	// "only", "both", "à la place").
	keywordChangesAsked = "changes_asked"
	// keywordSarcasm turns a yes into its opposite ("yeah right", "mais
	// oui c'est ça").
	keywordSarcasm = "sarcasm"
	// keywordTakeBack takes back a yes just said ("yep - scratch that",
	// "yes, I mean no", "oui, enfin non").
	keywordTakeBack = "take_back"
	// keywordOK is an "ok" that is a yes once the bot has asked again
	// for a yes or a no ("parfait", "great" still only take note).
	keywordOK = "ok"
	// keywordAddressDetail is a part of an address after the street and
	// town: a flat, a floor, a door code ("flat 4B", "digicode 4521").
	keywordAddressDetail = "address_detail"
	// keywordAddDetail asks to add something to what was summed up ("add
	// 3rd floor", "ajoutez 3e étage").
	keywordAddDetail = "add_detail"
	// keywordKeepOrder keeps the order rather than cancel it ("je
	// préfère la garder").
	keywordKeepOrder = "keep_order"
	// keywordNamesReturn and keywordNamesCase name what is taken back: a
	// return, or a case or request.
	keywordNamesReturn = "names_return"
	keywordNamesCase   = "names_case"
	// keywordNamesRequest names a request of any kind ("my request"),
	// which a return just made also is to the customer.
	keywordNamesRequest = "names_request"
	// keywordKeepWords introduce items kept, no part of the request.
	keywordKeepWords = "keep_words"
	// keywordKeptObject is what a customer keeps at a cancellation's
	// question: "ok keep it".
	keywordKeptObject = "kept_object"
	// keywordOrderWord names an order ("commande").
	keywordOrderWord = "order_word"
	// keywordNotChecked says the checks before a claim are not done yet.
	keywordNotChecked = "not_checked"
	// keywordCondition puts a yes off to later or a condition ("yes
	// tomorrow", "oui quand j'aurai vu avec mon mari").
	keywordCondition = "condition"
	// keywordAsksWhat asks what something is or how long it takes.
	keywordAsksWhat = "asks_what"
	// keywordMindChanged goes with a stop word to take back what was
	// asked ("changed my mind, cancel"); alone it may be a return's reason.
	keywordMindChanged = "mind_changed"
	// keywordStopObject names what a stop word stops in a flow ("cancel
	// that", "annulez le changement").
	keywordStopObject = "stop_object"
	// keywordRetract takes back a complaint at a free-text question
	// ("it's the right one after all"); keywordWaitObject goes with a
	// wait word there ("let me check the label").
	keywordRetract    = "retract"
	keywordWaitObject = "wait_object"
	// keywordRetractReturn gives up the return asked for ("I'll keep it
	// after all"), which "I changed my mind" alone does not: that is a
	// reason to return.
	keywordRetractReturn = "retract_return"
	// keywordRetractAlone is a whole message that asks nothing more
	// ("rien"); keywordHypothetical imagines a case ("imaginons que…");
	// keywordFewer says fewer than ordered came ("qu'une paire sur deux").
	keywordRetractAlone = "retract_alone"
	keywordHypothetical = "hypothetical"
	keywordFewer        = "fewer"
	// keywordMissingItem says an item was missing from a parcel that
	// arrived ("il manque le foulard").
	keywordMissingItem = "missing_item"
	// keywordItemLeftOut says so in words that can't be about the parcel
	// itself ("wasn't in the box"); keywordOnlyReceived names what did
	// arrive ("il n'y avait que…").
	keywordItemLeftOut  = "item_left_out"
	keywordOnlyReceived = "only_received"
	// keywordNotMissing says another item came in the place of the one
	// ordered, which no missing item is ("pas reçu le bon article").
	keywordNotMissing = "not_missing"
	// keywordDefect says an item is faulty ("broke", "marche plus");
	// keywordOwnItem says it is the customer's own ("my", "j'ai acheté").
	keywordDefect  = "defect"
	keywordOwnItem = "own_item"
	// keywordHypothesis asks about a case that may happen ("what if",
	// "si jamais"): a general question.
	keywordHypothesis = "hypothesis"
	// keywordWear is normal wear the warranty leaves out ("tarnished",
	// "rayé"); keywordBreakage is a defect it covers ("broke").
	keywordWear     = "wear"
	keywordBreakage = "breakage"
	// keywordSameFor asks the same about another order ("et celle de
	// OP-102401 ?"); keywordWhen asks when ("et il arrive quand ?").
	keywordSameFor = "same_for"
	keywordWhen    = "when"
	// keywordAboutPoints asks about a balance just given ("how many
	// exactly?", "d'où ils viennent ?").
	keywordAboutPoints = "about_points"
	// keywordWorn speaks of wearing an item ("je ne l'ai jamais porté"):
	// about the item, not a parcel.
	keywordWorn = "worn"
	// keywordWrongOrder says the order a request was just made on is not
	// the one meant ("oops wrong order, cancel that").
	keywordWrongOrder = "wrong_order"
	// keywordReturnedItem names an item already sent back ("the scarf I
	// returned").
	keywordReturnedItem = "returned_item"
	// keywordWhereabouts asks where an order is, in words the classifier
	// may miss ("the whereabouts of my order").
	keywordWhereabouts = "whereabouts"
	// keywordUndecided says an answer is not decided yet ("54 ou 56, je
	// sais pas trop, je vais mesurer").
	keywordUndecided = "undecided"
	// keywordOnlyWant marks the one request a message makes among the
	// things it tells ("I only want to know when mine arrives").
	keywordOnlyWant = "only_want"
	// keywordAboutVoucher asks, after the vouchers, about one of them
	// ("and when does it end?").
	keywordAboutVoucher = "about_voucher"
	// keywordPointsToNext asks, after the balance, what the next reward
	// still needs ("how many more for the reward?").
	keywordPointsToNext = "points_to_next"
	// keywordCountryPrefix starts the lists that name a country and its
	// main towns, by ISO code ("country_GB": "London", "UK").
	keywordCountryPrefix = "country_"
	// keywordCourtesyWord is a word that carries no request beside another
	// ("in English please"), in any language.
	keywordCourtesyWord = "courtesy_word"
	// keywordAddressEnd ends a town's name in a sentence ("… 69002 Lyon
	// and also …"), keywordAddressInstead starts what a new address
	// replaces ("instead of home"), keywordTimeWord says when after a
	// postcode ("… Lyon next month") and keywordTimeLead leads to it.
	keywordAddressEnd     = "address_end"
	keywordAddressInstead = "address_instead"
	keywordTimeWord       = "time_word"
	keywordTimeLead       = "time_lead"
	// keywordReturnCue makes a question about an arrival one about a
	// return sent back ("has my return arrived?").
	keywordReturnCue = "return_cue"
	// keywordOrderedStory tells what was ordered, as a story ("j'ai
	// commandé des boucles et un foulard").
	keywordOrderedStory = "ordered_story"
	// keywordObjectReturn names a return, as the object of a question
	// about an outcome, or in a request ("return it").
	keywordObjectReturn = "object_return"
	// keywordServiceQuestion asks how a service works rather than for it
	// ("does it cost anything to talk to a person?", "une enquête c'est
	// payant ?").
	keywordServiceQuestion = "service_question"
	// keywordUnsure says an answer is not sure ("pas sûre mais bon").
	keywordUnsure = "unsure"
	// keywordItemsChange and keywordOrderItemsRef change what an order
	// holds ("add a necklace to my order").
	keywordItemsChange   = "items_change"
	keywordOrderItemsRef = "order_items_ref"
	// keywordSendRequest asks in a question to send an order somewhere
	// ("pouvez-vous l'envoyer au … ?").
	keywordSendRequest = "send_request"
	// keywordHowToSelf starts a question on how to do something oneself
	// ("how do I…", "comment…").
	keywordHowToSelf = "how_to_self"
	// keywordAsksBotTo asks the bot itself to do something ("can you
	// track an order then", « vous pouvez annuler ma commande ? »).
	keywordAsksBotTo = "asks_bot_to"
	// keywordRefundWanted asks for the money back rather than the right
	// item ("can I just get a refund instead?").
	keywordRefundWanted = "refund_wanted"
	// keywordTheirAccount speaks of someone else's account, order or
	// details as theirs ("her card is", « ses points »), and
	// keywordOtherPeople names people who are no relatives ("my boss",
	// "the guy next door", "Mr").
	keywordTheirAccount = "their_account"
	// keywordRelativeWants says, after "it's for my sister", that she
	// wants or holds something ("she'd like to know").
	keywordRelativeWants = "relative_wants"
	// keywordRelativeAfterMy names someone of the writer's only after a
	// possessive ("my other half", « mon homme »); keywordRelativeBare
	// names one with no possessive ("bf", « chéri »).
	keywordRelativeAfterMy = "relative_after_my"
	keywordRelativeBare    = "relative_bare"
	// keywordBareAsk asks with no object of its own ("can you change
	// it?"), after a clause that says what.
	keywordBareAsk     = "bare_ask"
	keywordOtherPeople = "other_people"
	// keywordAsksAbout asks how, what, why or when: about the rules.
	keywordAsksAbout = "asks_about"
	// keywordDeliveredQuestion asks whether an order was delivered.
	keywordDeliveredQuestion = "delivered_question"
	// keywordNothingAlone is "nothing" by itself ("rien").
	keywordNothingAlone = "nothing_alone"
	// keywordAsideHedge may come before an item set aside ("hmm maybe
	// not the scarf").
	keywordAsideHedge = "aside_hedge"
	// keywordRewardAsk asks what a number of points gives ("what do I
	// get at 300?").
	keywordRewardAsk = "reward_ask"
	// keywordPrivacyLaw names privacy law ("GDPR"), which asks nothing by
	// itself.
	keywordPrivacyLaw = "privacy_law"
	// keywordItemNoise are words of the language that name an item in
	// another (English "or" is French for gold).
	keywordItemNoise = "item_noise"
	// keywordNamesSelf gives one's name ("moi c'est", "this is").
	keywordNamesSelf = "names_self"
	// keywordOnlyLead starts an answer that wants one thing only ("just
	// the points actually").
	keywordOnlyLead = "only_lead"
	// keywordWhereIsOrder asks where the order or parcel is, in so many
	// words ("où est mon colis").
	keywordWhereIsOrder = "where_is_order"
	// keywordCancelQuestion cancels a question or message sent before,
	// not an order ("cancel my question").
	keywordCancelQuestion = "cancel_question"
	// keywordDurationWords are the words of a question about how long that
	// name nothing ("how long does it take?").
	keywordDurationWords = "duration_words"
	// keywordContactGiven gives the address to write to ("write to me at").
	keywordContactGiven = "contact_given"
	// keywordAllCorrect says the details shown are right ("looks right").
	keywordAllCorrect = "all_correct"
	// keywordNotMe says a request is someone else's ("pas moi").
	keywordNotMe = "not_me"
	// keywordLogOut asks to be logged out ("log me out").
	keywordLogOut = "log_out"
	// keywordResend asks for something sent by e-mail to be sent again
	// ("can you resend it to…").
	keywordResend = "resend"
	// keywordEGiftCard names an e-gift card.
	keywordEGiftCard = "e_gift_card"
	// keywordYouDo asks the shop to do something, as a question ("can
	// you delete my data?").
	keywordYouDo = "you_do"
	// keywordAccountItself names the account, its points or its data, not
	// the newsletter ("je garde mon compte").
	keywordAccountItself = "account_itself"
	// keywordCancelAsked asks for an order to be cancelled, in so many
	// words ("I need to cancel my order").
	keywordCancelAsked = "cancel_asked"
	// keywordOnlyMine keeps, of two orders named, the customer's own
	// ("just do mine then").
	keywordOnlyMine = "only_mine"
	// keywordRefundBefore asks about a refund already due or made ("has
	// my refund gone through?").
	keywordRefundBefore = "refund_before"
	// keywordThirdPossessive is another person's, as a possessive ("sa
	// facture").
	keywordThirdPossessive = "third_possessive"
	// keywordBalanceAsked asks for the balance of points ("how many do I
	// have?").
	keywordBalanceAsked = "balance_asked"
	// keywordChargedTwice says the customer was charged twice for one
	// order.
	keywordChargedTwice = "charged_twice"
	// keywordInvoicePurpose says what an invoice is for, naming another
	// organisation ("for my tax return").
	keywordInvoicePurpose = "invoice_purpose"
	// keywordNoClaim says no claim is wanted ("not filing a claim").
	keywordNoClaim = "no_claim"
	// keywordIAsked says the bot misread what was asked ("no I asked how
	// long…").
	keywordIAsked = "i_asked"
	// keywordTimeLeft asks how long is left to do something ("how long
	// have I got to send it back?").
	keywordTimeLeft = "time_left"
	// keywordMindNamed names a change of mind ("if I change my mind"),
	// which changes no detail.
	keywordMindNamed = "mind_named"
	// keywordConditionStart opens a condition ("if", « si »).
	keywordConditionStart = "condition_start"
	// keywordDontAlone is a part of a message that is nothing but "don't"
	// (« ne le faites pas »): with a request before it, the request taken
	// back.
	keywordDontAlone = "dont_alone"
	// keywordPickupPoint names a pickup point before its address ("a
	// Mondial Relay at the Carrefour, 120 rue…").
	keywordPickupPoint = "pickup_point"
	// keywordAsksWithdrawn asks whether a request is withdrawn ("is it
	// withdrawn?", « c'est bien retiré ? »).
	keywordAsksWithdrawn = "asks_withdrawn"
	// keywordAsksSubscribed asks whether the customer is subscribed to the
	// newsletter ("am I subscribed?").
	keywordAsksSubscribed = "asks_subscribed"
	// keywordDetailNamed names a detail of the account (an address, a
	// phone number); keywordOnlyPart says only part of something is meant
	// ("not the whole account, just…").
	keywordDetailNamed = "detail_named"
	keywordOnlyPart    = "only_part"
	// keywordDoubtsUse doubts what an offer is worth ("would they even…?").
	keywordDoubtsUse = "doubts_use"
	// keywordOtherRecipient names someone else as a recipient ("give it
	// to someone else"), no person of the team.
	keywordOtherRecipient = "other_recipient"
	// keywordAsksWhichAddress asks which address an order went to ("à
	// quelle adresse est partie ma commande ?"), changing nothing.
	keywordAsksWhichAddress = "asks_which_address"
	// keywordWrongItemCue says something of what came: a wrong, faulty or
	// missing item is reported with one of them.
	keywordWrongItemCue = "wrong_item_cue"
	// keywordFutureCare asks for care with an order still to come ("make
	// sure the price isn't in the box").
	keywordFutureCare = "future_care"
	// keywordVoucherCombine asks whether two codes can be used together;
	// keywordVoucherMinimum a code's minimum spend; keywordVoucherExtend
	// for an expired code to be extended (each after the vouchers).
	keywordVoucherCombine = "voucher_combine"
	keywordVoucherMinimum = "voucher_minimum"
	keywordVoucherExtend  = "voucher_extend"
	// keywordLeaveStrong leaves in so many words ("forget it"), even as
	// the last sentence of a longer message.
	keywordLeaveStrong = "leave_strong"
	// keywordMissingParcelCue says something of a parcel, an order or its
	// delivery: a parcel not received is reported with one of them.
	keywordMissingParcelCue = "missing_parcel_cue"
	// keywordNothingInstead says nothing came in a missing item's place.
	keywordNothingInstead = "nothing_instead"
	// keywordCheckRequest asks for a check to be made ("yes please
	// check"), agreeing to no change.
	keywordCheckRequest = "check_request"
	// keywordReportedAlready says a problem was reported already: news of
	// the case is asked, not a new report.
	keywordReportedAlready = "reported_already"
	// keywordPartMissing says a part is missing from an item that came
	// ("missing a butterfly back"): a defect.
	keywordPartMissing = "part_missing"
	// keywordDeliveryDisputed tells a delivery as the site's word, or as
	// waited for: not a parcel that came.
	keywordDeliveryDisputed = "delivery_disputed"
	// keywordGivenAway tells an item given to someone ("I've given it to
	// her as a gift"): kept out of the return, like an item kept.
	keywordGivenAway = "given_away"
	// keywordUnsureAboutItem doubts an item that came ("not sure about the
	// scarf"), and keywordDescribedBy names what shows an item before it
	// is bought ("the photo", "le site"): a return thought of, not a wrong
	// item.
	keywordUnsureAboutItem = "unsure_about_item"
	keywordDescribedBy     = "described_by"
	// keywordIfNotShipped makes a request on the order not having left
	// yet ("if it hasn't shipped, cancel it"): the cancellation, whose
	// flow says whether it still can be, on that order only.
	keywordIfNotShipped = "if_not_shipped"
	// keywordAsksHave asks whether the customer has something ("do I have
	// any vouchers?"): their own, not how it is got.
	keywordAsksHave = "asks_have"
	// keywordWritesForOther says whoever writes is not the account holder
	// whose details they give ("on behalf of my husband", "his email
	// is"): no proof of who they are.
	keywordWritesForOther = "writes_for_other"
	// keywordWrongWord says an item is the wrong one ("the wrong scarf",
	// « pas le bon »).
	keywordWrongWord = "wrong_word"
	// keywordDeliverVerb names sending a parcel somewhere ("ship it to",
	// « livrer »).
	keywordDeliverVerb = "deliver_verb"
	// keywordOwnSaid says the customer's own beside someone else's
	// ("but mine still hasn't come", « moi je garde la mienne »).
	keywordOwnSaid = "own_said"
	// keywordRetractsOther takes back, after a refusal, having written
	// for someone else, to claim the account ("it's me actually", « je
	// rigolais, c'est moi »): not taken.
	keywordRetractsOther = "retracts_other"
	// keywordLikedIt praises what came ("she loved it", « elle l'a
	// adoré »): no request.
	keywordLikedIt = "liked_it"
	// keywordOwnPurchase says the order is the customer's own ("I bought
	// it for my mum").
	keywordOwnPurchase = "own_purchase"
)

// keywords maps language → list → normalised phrases.
type keywords map[string]map[string]*keywordList

// keywordList is a set of normalised phrases and the most words any of them
// has, so that a message is searched by looking its runs of words up
// rather than by scanning for each phrase.
type keywordList struct {
	phrases  map[string]bool
	maxWords int
	// starts holds the first word of every phrase: the runs of words that
	// begin with another word are not looked up, one lookup per word of
	// the message instead of one per word and run length, for a search
	// the engine makes dozens of times a turn. Nil looks every run up.
	starts map[string]bool
	// shape, when set, rules most words and runs out before they are
	// hashed: the engine searches hundreds of lists a turn and most of
	// them hold nothing of the message. The zero value rules nothing out.
	shape phraseShape
}

// phraseShape is what a list's phrases look like from outside: a short
// fingerprint (first byte, last byte, length) of each phrase and of its
// first word. A word or a run of words whose fingerprint no phrase has is
// none of them, so it need not be looked up.
type phraseShape struct {
	set           bool
	starts, whole fingerprints
}

// add records a phrase and its first word; a phrase with an empty first
// word would start with a space, which no normalised phrase does, and
// leaves the shape unset (nothing ruled out).
func (s *phraseShape) add(phrase, first string) {
	if first == "" {
		*s = phraseShape{}
		return
	}
	s.starts.add(first)
	s.whole.add(phrase)
}

// mayStart reports whether word may be the first word of a phrase.
func (s *phraseShape) mayStart(word string) bool {
	return !s.set || word != "" && s.starts.has(word)
}

// mayBe reports whether run may be one of the phrases.
func (s *phraseShape) mayBe(run string) bool {
	return !s.set || run != "" && s.whole.has(run)
}

// fingerprints is a set of the fingerprints of non-empty strings: a
// string whose fingerprint is not in it is none of the strings added.
type fingerprints [4]uint64

func (f *fingerprints) add(s string) {
	k := fingerprint(s)
	f[k>>6] |= 1 << (k & 63)
}

func (f *fingerprints) has(s string) bool {
	k := fingerprint(s)
	return f[k>>6]&(1<<(k&63)) != 0
}

// fingerprint folds a non-empty string's first and last bytes and its
// length into a byte: cheaper than hashing it, and distinct enough among
// the few words that start a list's phrases.
func fingerprint(s string) byte {
	return s[0]*7 + s[len(s)-1]*31 + byte(len(s))*61
}

// find returns the longest phrase of the list that is a run of whole words
// of norm (the first in byte order among equally long ones).
func (l keywordList) find(norm string) (string, bool) {
	found := ""
	for start := 0; start < len(norm); {
		wordEnd := len(norm)
		if i := strings.IndexByte(norm[start:], ' '); i >= 0 {
			wordEnd = start + i
		}
		if word := norm[start:wordEnd]; l.shape.mayStart(word) && (l.starts == nil || l.starts[word]) {
			found = l.longestFrom(norm, start, found)
		}
		if wordEnd == len(norm) {
			break
		}
		start = wordEnd + 1
	}
	return found, found != ""
}

// longestFrom returns the longest of found and the phrases of the list that
// are a run of whole words of norm starting at start (the first in byte
// order among equally long ones).
func (l keywordList) longestFrom(norm string, start int, found string) string {
	end := start
	for words := 0; words < l.maxWords; words++ {
		next := strings.IndexByte(norm[end:], ' ')
		if next < 0 {
			end = len(norm)
		} else {
			end += next
		}
		if cand := norm[start:end]; (len(cand) > len(found) || len(cand) == len(found) && cand < found) &&
			l.has(cand) {
			found = cand
		}
		if end == len(norm) {
			break
		}
		end++ // past the space
	}
	return found
}

// has reports whether run is one of the list's phrases.
func (l keywordList) has(run string) bool {
	return l.shape.mayBe(run) && l.phrases[run]
}

func loadKeywords(fsys fs.FS, langs []string) (keywords, error) {
	kw := keywords{}
	for _, lang := range langs {
		p := path.Join(lang, "keywords.toml")
		var lists map[string][]string
		_, err := toml.DecodeFS(fsys, p, &lists)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("texts: %s: %w", p, err)
		}
		kw[lang] = map[string]*keywordList{}
		for name, phrases := range lists {
			l := &keywordList{phrases: map[string]bool{}, starts: map[string]bool{}, shape: phraseShape{set: true}}
			for _, ph := range phrases {
				// Typed without the apostrophe ("j ai changé d avis",
				// "tout à l heure"), an elision is not expanded as with
				// it ("je ai", "le heure"): both forms are the phrase.
				for _, form := range []string{ph, noApostrophe.Replace(ph)} {
					norm := intents.Normalize(form)
					if norm == "" {
						continue
					}
					l.phrases[norm] = true
					first, _, _ := strings.Cut(norm, " ")
					l.starts[first] = true
					l.shape.add(norm, first)
					l.maxWords = max(l.maxWords, strings.Count(norm, " ")+1)
				}
			}
			kw[lang][name] = l
		}
	}
	return kw, nil
}

// noApostrophe writes a phrase as customers often type it.
var noApostrophe = strings.NewReplacer("'", " ", "’", " ")

// IsKeyword reports whether norm, a normalised message, is one of the
// phrases of a keyword list in lang.
func (t *Texts) IsKeyword(lang, list, norm string) bool {
	return norm != "" && t.list(lang, list).has(norm)
}

// InAnyLanguage reports whether norm, a normalised word or phrase, is one
// of the phrases of a keyword list in any language: for words that come in
// either language whatever the conversation's, such as an address's.
func (t *Texts) InAnyLanguage(list, norm string) bool {
	if norm == "" {
		return false
	}
	for _, lists := range t.keywords {
		if lists[list].has(norm) {
			return true
		}
	}
	return false
}

// onlyCourtesy reports whether a normalised text holds nothing but
// courtesy.
func (t *Texts) onlyCourtesy(norm string) bool {
	for _, w := range strings.Fields(norm) {
		if !t.InAnyLanguage(keywordCourtesyWord, w) {
			return false
		}
	}
	return true
}

// MentionsInAnyLanguage reports whether norm, a normalised message,
// contains a phrase of a keyword list in any language.
func (t *Texts) MentionsInAnyLanguage(list, norm string) bool {
	for _, lists := range t.keywords {
		if _, ok := lists[list].find(norm); ok {
			return true
		}
	}
	return false
}

// ListsNamed returns the names of lang's keyword lists that start with
// prefix, sorted.
func (t *Texts) ListsNamed(lang, prefix string) []string {
	var names []string
	for name := range t.keywordLists(lang) {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// MadeOf reports whether norm, a normalised message, is nothing but
// phrases of the given keyword lists in lang, one after the other ("no
// changed my mind cancel").
func (t *Texts) MadeOf(lang, norm string, lists ...string) bool {
	var spanBuf [16]wordSpan
	words := wordSpans(norm, spanBuf[:0])
	if len(words) == 0 {
		return false
	}
	var listBuf [8]*keywordList
	ls := listBuf[:0]
	for _, name := range lists {
		ls = append(ls, t.list(lang, name))
	}
	// covered[i]: the first i words are phrases of the lists.
	var coveredBuf [17]bool
	covered := coveredBuf[:]
	if len(words)+1 > len(covered) {
		covered = make([]bool, len(words)+1)
	}
	covered = covered[:len(words)+1]
	covered[0] = true
	for i := range words {
		if !covered[i] {
			continue
		}
		for _, l := range ls {
			for j := i + 1; j <= len(words) && j-i <= l.maxWords; j++ {
				if !covered[j] && l.has(words.run(norm, i, j)) {
					covered[j] = true
				}
			}
		}
	}
	return covered[len(words)]
}

// StartsWith reports whether norm, a normalised message, begins with one
// of the phrases of a keyword list in lang ("et pour la Belgique ?").
func (t *Texts) StartsWith(lang, list, norm string) bool {
	return t.leadingWords(lang, list, norm) > 0
}

// leadingWords returns how many words of norm the longest phrase of a
// keyword list it begins with takes (0 when it begins with none).
func (t *Texts) leadingWords(lang, list, norm string) int {
	l := t.list(lang, list)
	// Only the first maxWords words can be a phrase: splitting the rest
	// (often the whole message, for each place a pattern matched) only
	// cost allocations.
	words := make([]string, 0, min(l.maxWords, 8))
	for w := range strings.FieldsSeq(norm) {
		if len(words) == l.maxWords {
			break
		}
		words = append(words, w)
	}
	n := 0
	for j := 1; j <= len(words); j++ {
		if l.has(strings.Join(words[:j], " ")) {
			n = j
		}
	}
	return n
}

// wordSpan is where a word of a message starts and ends.
type wordSpan struct{ start, end int }

// wordSpanList is the words of a message, in order.
type wordSpanList []wordSpan

// wordSpans returns the words of s as strings.Fields splits them, appended
// to buf: MadeOf runs in every turn, and looking its runs of words up as
// slices of s spares it a string for each.
func wordSpans(s string, buf []wordSpan) wordSpanList {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				buf = append(buf, wordSpan{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		buf = append(buf, wordSpan{start, len(s)})
	}
	return buf
}

// run returns words i to j-1 of s joined by single spaces, as
// strings.Join(strings.Fields(s)[i:j], " ") does: a slice of s when they
// are written so, a new string otherwise.
func (w wordSpanList) run(s string, i, j int) string {
	for k := i; k+1 < j; k++ {
		if w[k+1].start != w[k].end+1 || s[w[k].end] != ' ' {
			parts := make([]string, 0, j-i)
			for _, sp := range w[i:j] {
				parts = append(parts, s[sp.start:sp.end])
			}
			return strings.Join(parts, " ")
		}
	}
	return s[w[i].start:w[j-1].end]
}

// maxKeywordWords is the length up to which a message is searched for a
// keyword phrase inside it ("oh wait, I found it"); longer messages say
// more than yes or no.
const maxKeywordWords = 8

// HasKeyword reports whether a short message, normalised, is or contains
// one of the phrases of a keyword list in lang, on word boundaries.
func (t *Texts) HasKeyword(lang, list, norm string) bool {
	_, ok := t.FindKeyword(lang, list, norm)
	return ok
}

// FindKeyword returns the phrase of a keyword list in lang that a short
// message, normalised, is or contains, on word boundaries; the longest when
// several are.
func (t *Texts) FindKeyword(lang, list, norm string) (string, bool) {
	if t.IsKeyword(lang, list, norm) {
		return norm, true
	}
	if norm == "" || strings.Count(norm, " ") >= maxKeywordWords {
		return "", false
	}
	return t.findIn(lang, list, norm)
}

// Mentions reports whether a message of any length, normalised, contains
// one of the phrases of a keyword list in lang, on word boundaries: for
// cues that say what kind of request it is ("why", "where do I send it"),
// not answers.
func (t *Texts) Mentions(lang, list, norm string) bool {
	_, ok := t.findIn(lang, list, norm)
	return ok
}

func (t *Texts) findIn(lang, list, norm string) (string, bool) {
	return t.list(lang, list).find(norm)
}

// findAt returns the phrase of a keyword list that norm holds, as findIn
// does, and where it starts in norm, on word boundaries; ok is false when
// norm holds none.
func (t *Texts) findAt(lang, list, norm string) (phrase string, at int, ok bool) {
	phrase, ok = t.findIn(lang, list, norm)
	if !ok {
		return "", 0, false
	}
	// (The padded index is the phrase's own: the space before it stands
	// for the one added at the front.)
	at = strings.Index(" "+norm+" ", " "+phrase+" ")
	return phrase, at, at >= 0
}

// list returns lang's keyword list named name, or an empty one. The
// lists are held by pointer: a map of the lists themselves was large
// enough that looking one up by name, hundreds of times a turn, missed
// the processor's cache.
func (t *Texts) list(lang, name string) *keywordList {
	if l := t.keywordLists(lang)[name]; l != nil {
		return l
	}
	return &noKeywords
}

// noKeywords is the list a language lacks: it holds no phrase.
var noKeywords keywordList

// keywordLists returns lang's keyword lists, or the default language's
// when lang is not one of ours, as Texts.lang chooses. A language with
// lists is one of ours: its own lists are found in one lookup, not two.
func (t *Texts) keywordLists(lang string) map[string]*keywordList {
	if lists, ok := t.keywords[lang]; ok {
		return lists
	}
	return t.keywords[t.lang(lang)]
}
