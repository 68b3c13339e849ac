//go:build libs

package main

// The pinned libraries (ARCHITECTURE.md) whose package initialisation yishi pays at every start:
// glamour, for the in-terminal preview, brings chroma, whose lexers and styles are registered
// when it is initialised; go-pinyin builds its dictionary.
import (
	_ "charm.land/glamour/v2"
	_ "github.com/mozillazg/go-pinyin"
)
