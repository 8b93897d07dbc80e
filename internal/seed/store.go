package seed

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// store is what the loader needs of the store row.
type store struct {
	ID                    string     `db:"id"`
	Name                  string     `db:"name"`
	DefaultCurrencyCode   string     `db:"default_currency_code"`
	SwapLinkTemplate      *string    `db:"swap_link_template"`
	PaymentLinkTemplate   *string    `db:"payment_link_template"`
	InviteLinkTemplate    *string    `db:"invite_link_template"`
	Metadata              model.JSON `db:"metadata"`
	DefaultSalesChannelID *string    `db:"default_sales_channel_id"`

	currencies []string
	// defaultProfile and giftCardProfile are the shipping profiles products
	// and shipping options get.
	defaultProfile  string
	giftCardProfile string
}

// readStore loads the store EnsureStore made sure of.
func (l *loader) readStore(a at) error {
	if _, err := l.lookup(a, &l.store, `SELECT id, name, default_currency_code, swap_link_template,
		payment_link_template, invite_link_template, metadata, default_sales_channel_id
		FROM store ORDER BY created_at, id LIMIT 1`); err != nil {
		return err
	}
	if err := storage.Select(l.ctx, l.tx, &l.store.currencies,
		"SELECT currency_code FROM store_currencies WHERE store_id = ? ORDER BY currency_code", l.store.ID); err != nil {
		return a.wrap(err)
	}
	var err error
	if l.store.defaultProfile, err = shippingProfileID(l.ctx, l.tx, model.ShippingProfileTypeDefault); err != nil {
		return a.wrap(err)
	}
	if l.store.giftCardProfile, err = shippingProfileID(l.ctx, l.tx, model.ShippingProfileTypeGiftCard); err != nil {
		return a.wrap(err)
	}
	return nil
}

// loadStore applies the file's store key as StoreService.update does.
func (l *loader) loadStore(in *storeInput) error {
	a := at{path: "store"}
	if err := l.readStore(a); err != nil {
		return err
	}
	if in == nil {
		return nil
	}
	if in.Currencies != nil {
		if err := l.setStoreCurrencies(a, in); err != nil {
			return err
		}
	}
	if in.DefaultCurrencyCode != nil {
		code := strings.ToLower(*in.DefaultCurrencyCode)
		if !slices.Contains(l.store.currencies, code) {
			return a.key("default_currency_code").invalid("Store does not have currency: %s", *in.DefaultCurrencyCode)
		}
		l.store.DefaultCurrencyCode = code
	}
	s := &l.store
	if in.Name != nil {
		s.Name = *in.Name
	}
	if in.SwapLinkTemplate != nil {
		s.SwapLinkTemplate = in.SwapLinkTemplate
	}
	if in.PaymentLinkTemplate != nil {
		s.PaymentLinkTemplate = in.PaymentLinkTemplate
	}
	if in.InviteLinkTemplate != nil {
		s.InviteLinkTemplate = in.InviteLinkTemplate
	}
	if in.Metadata != nil {
		s.Metadata = s.Metadata.Merge(in.Metadata)
	}
	_, err := storage.Exec(l.ctx, l.tx, `UPDATE store SET name = ?, default_currency_code = ?, swap_link_template = ?,
		payment_link_template = ?, invite_link_template = ?, metadata = ?, updated_at = ? WHERE id = ?`,
		s.Name, s.DefaultCurrencyCode, s.SwapLinkTemplate, s.PaymentLinkTemplate, s.InviteLinkTemplate, s.Metadata, l.now, s.ID)
	return a.wrap(err)
}

// setStoreCurrencies replaces the store's currencies, keeping its default
// currency unless the file replaces that too.
func (l *loader) setStoreCurrencies(a at, in *storeInput) error {
	def := l.store.DefaultCurrencyCode
	if in.DefaultCurrencyCode != nil {
		def = strings.ToLower(*in.DefaultCurrencyCode)
	}
	var codes []string
	for _, c := range in.Currencies {
		codes = append(codes, strings.ToLower(c))
	}
	codes = dedupe(codes)
	if !slices.Contains(codes, def) {
		return a.key("currencies").invalid("You are not allowed to remove default currency from store currencies without replacing it as well")
	}
	for i, c := range codes {
		known, err := l.exists(a, "SELECT code FROM currency WHERE code = ?", c)
		if err != nil {
			return err
		}
		if !known {
			return a.key("currencies").invalid("Currency with code %s does not exist", in.Currencies[i])
		}
	}
	if _, err := storage.Exec(l.ctx, l.tx, "DELETE FROM store_currencies WHERE store_id = ?", l.store.ID); err != nil {
		return a.wrap(err)
	}
	for _, c := range codes {
		if err := l.link(a, "store_currencies", "store_id, currency_code", l.store.ID, c); err != nil {
			return err
		}
	}
	sort.Strings(codes)
	l.store.currencies = codes
	return nil
}

// checkCurrency is the seed rule that every amount is in a currency of the
// store; Medusa's message for a region in another currency.
func (l *loader) checkCurrency(a at, code string) error {
	if !slices.Contains(l.store.currencies, code) {
		return a.invalid("Invalid currency code: %s is not one of the store's currencies (%s)",
			code, strings.Join(l.store.currencies, ", "))
	}
	return nil
}

// userRow is a row of Medusa's "user" table (admin users).
type userRow struct {
	ID           string     `db:"id"`
	Email        string     `db:"email"`
	FirstName    *string    `db:"first_name"`
	LastName     *string    `db:"last_name"`
	PasswordHash *string    `db:"password_hash"`
	APIToken     *string    `db:"api_token"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
	Metadata     model.JSON `db:"metadata"`
	Role         string     `db:"role"`
}

func (l *loader) loadUsers(users []userInput) error {
	for i, u := range users {
		if err := l.user(entry("users", i, u.Email), u); err != nil {
			return err
		}
	}
	return nil
}

// user creates an admin user as UserService.create does.
func (l *loader) user(a at, in userInput) error {
	if !validEmail(in.Email) {
		return a.key("email").invalid("The email is not valid")
	}
	role := "member" // the column's default
	if in.Role != nil {
		role = *in.Role
	}
	if !slices.Contains([]string{"admin", "member", "developer"}, role) {
		return a.key("role").invalid("role must be one of admin, member, developer, not %q", role)
	}
	taken, err := l.exists(a, `SELECT id FROM "user" WHERE email = ? AND deleted_at IS NULL`, in.Email)
	if err != nil {
		return err
	}
	if taken {
		return a.duplicate("A user with the same email already exists.")
	}
	id, err := l.newID(a, "user", "User", in.ID, ids.User)
	if err != nil {
		return err
	}
	row := userRow{ID: id, Email: in.Email, FirstName: in.FirstName, LastName: in.LastName, APIToken: in.APIToken,
		CreatedAt: l.now, UpdatedAt: l.now, Metadata: in.Metadata, Role: role}
	if in.Password != "" {
		hash, err := auth.HashPassword(in.Password)
		if err != nil {
			return a.wrap(err)
		}
		row.PasswordHash = &hash
	}
	return l.insert(a, "user", &row)
}

// validEmail is a plain shape check: something@something.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\r\n")
}
