// Command echo is the ceiling the chat benchmarks compare supportbot with:
// a bare Go HTTP server that decodes the chat API's request and answers
// its text back in the chat API's shape, nothing else. It prints its
// address on stderr as supportbot serve does.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
)

type request struct {
	ConversationID string `json:"conversation_id"`
	Text           string `json:"text"`
}

type reply struct {
	Text string `json:"text"`
}

type response struct {
	ConversationID string  `json:"conversation_id"`
	Replies        []reply `json:"replies"`
}

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "msg=listening addr=%s\n", ln.Addr())
	http.HandleFunc("POST /api/v1/chat", func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(response{ConversationID: req.ConversationID, Replies: []reply{{Text: req.Text}}})
	})
	if err := http.Serve(ln, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
