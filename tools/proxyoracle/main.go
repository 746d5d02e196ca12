// Prints, for each URL argument, the proxy Go's http.ProxyFromEnvironment picks with this
// process's environment: the proxy URL's parts, DIRECT, or ERROR: text. One process per environment,
// since net/http reads the environment once.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	for _, raw := range os.Args[1:] {
		req, err := http.NewRequest("GET", raw, nil)
		if err != nil {
			fmt.Printf("ERROR: %v\n", err)
			continue
		}
		u, err := http.ProxyFromEnvironment(req)
		switch {
		case err != nil:
			fmt.Printf("ERROR: %v\n", err)
		case u == nil:
			fmt.Println("DIRECT")
		default:
			// scheme, host name, port and the Basic credentials, tab-separated.
			auth := ""
			if u.User != nil {
				pw, _ := u.User.Password()
				auth = u.User.Username() + ":" + pw
			}
			fmt.Printf("%s\t%s\t%s\t%s\n", u.Scheme, u.Hostname(), u.Port(), auth)
		}
	}
}
