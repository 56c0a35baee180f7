package storetest

import (
	"context"
	"testing"
)

func (s *suite) lifecycleTests() []test {
	return []test{
		{"Ping", s.ping},
	}
}

func (s *suite) ping(t *testing.T) {
	db := s.open(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping() = %v", err)
	}
}
