-- A sent e-mail keeps no body: it may hold a one-time link (account set-up, password
-- reset) and nothing reads it after delivery. The dispatcher now blanks it when a message
-- is sent; this clears the messages sent before.
UPDATE outbox SET body_text = '', body_html = NULL WHERE status = 'sent';
