package main

//go:generate go run github.com/99designs/gqlgen generate
//go:generate go run ./internal/httpapi/storeschema schema.graphql
