// The Raiden message codec.
