-- Direct-message channels customers wrote to the bot in (Discord's DMs),
-- recorded when a message arrives, before its turn: after a restart the
-- bot reads back the history of each one seen recently, so that a
-- customer's first message, in hand when the process died, is answered
-- even though no conversation was stored for it yet. Discord offers no
-- way to list a bot's DM channels. (SQLite's 0008.)
CREATE TABLE dm_channels (
	channel text NOT NULL,         -- "discord"
	id      text NOT NULL,         -- the platform's channel ID
	seen_at timestamptz NOT NULL,  -- the last time a message was seen in it
	PRIMARY KEY (channel, id)
);
CREATE INDEX dm_channels_seen ON dm_channels (channel, seen_at);
