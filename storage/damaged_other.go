//go:build !unix

package storage

// sharedLock is a no-op where Badger does not lock with flock: Badger's own open then refuses
// a directory in use.
func sharedLock(dir string) (release func(), ok bool) { return func() {}, true }
