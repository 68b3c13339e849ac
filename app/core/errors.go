package core

import "fmt"

// UsageError is a command line the program cannot read: exit status 2.
type UsageError struct{ Msg string }

func Usagef(format string, args ...any) error { return UsageError{fmt.Sprintf(format, args...)} }

func (e UsageError) Error() string { return e.Msg }
