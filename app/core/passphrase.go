package core

// MinPassphrase is the shortest passphrase accepted, in characters.
const MinPassphrase = 8
