package seed

import (
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadSalesChannels(channels []salesChannelInput) error {
	for i, c := range channels {
		if err := l.salesChannel(entry("sales_channels", i, c.Name), c); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) salesChannel(a at, in salesChannelInput) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	id, err := l.newID(a, "sales_channel", "Sales channel", in.ID, ids.SalesChannel)
	if err != nil {
		return err
	}
	return l.insert(a, "sales_channel", &model.SalesChannel{
		ID: id, Name: in.Name, Description: in.Description, IsDisabled: in.IsDisabled,
		Metadata: in.Metadata, CreatedAt: l.now, UpdatedAt: l.now,
	})
}

// salesChannelExists checks a reference to a live sales channel.
func (l *loader) salesChannelExists(a at, id string) error {
	ok, err := l.exists(a, "SELECT id FROM sales_channel WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !ok {
		return a.notFound("Sales channel with id: %s was not found", id)
	}
	return nil
}

func (l *loader) loadPublishableKeys(keys []publishableKey) error {
	for i, k := range keys {
		if err := l.publishableKey(entry("publishable_api_keys", i, k.Title), k); err != nil {
			return err
		}
	}
	return nil
}

// publishableKey creates a key attached to the default sales channel, as
// Medusa's seed does.
func (l *loader) publishableKey(a at, in publishableKey) error {
	if in.Title == "" {
		return a.key("title").invalid("title is required")
	}
	id, err := l.newID(a, "publishable_api_key", "Publishable API key", in.ID, ids.PublishableAPIKey)
	if err != nil {
		return err
	}
	if err := l.insert(a, "publishable_api_key", &model.PublishableApiKey{
		ID: id, Title: in.Title, CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	if l.store.DefaultSalesChannelID == nil {
		return nil
	}
	return l.insert(a, "publishable_api_key_sales_channel", &model.PublishableApiKeySalesChannel{
		ID: ids.New(ids.PublishableAPIKeySalesChannel), SalesChannelID: *l.store.DefaultSalesChannelID,
		PublishableKeyID: id, CreatedAt: l.now, UpdatedAt: l.now,
	})
}
