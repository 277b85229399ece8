// Package deploy holds what builds and runs citebot outside a Go
// checkout: the container build (../Dockerfile, ../compose.yaml), the
// release script, the systemd unit. It has no code; its tests check that
// those files build what they say and copy what exists.
package deploy
