"""Rasa's event broker on the application side: the consumer that keeps the dashboard's
copy of the conversation events (bot/reporting/conversation_events.py) from RabbitMQ."""
