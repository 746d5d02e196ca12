// loop: never returns (a plugin stopped only by the host's timeout).
package main

import "github.com/extism/go-pdk"

var n uint64

//go:wasmexport helm_plugin_main
func run() uint32 {
	for {
		n++
		if n == 0 {
			break
		}
	}
	pdk.OutputString("{}")
	return 0
}

func main() {}
